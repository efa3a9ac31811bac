package io.conclave.examples.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;

/**
 * Runs the LLM agent: proposes assignees for the project's open tasks, then works its inbox every few seconds.
 *
 * <pre>
 * CONCLAVE_TOKEN=cv_... java -jar target/conclave-langchain4j-agent.jar --url http://localhost:8080 --agent pm \
 *     --project healthcare_blockchain_compressed [--llm openai|ollama|scripted] [--script answers.txt] [--once]
 * </pre>
 *
 * The model: {@code --llm openai} any OpenAI-compatible endpoint ({@code OPENAI_BASE_URL}, default
 * https://api.openai.com/v1; {@code OPENAI_API_KEY}; {@code OPENAI_MODEL}, default gpt-4o-mini); {@code --llm ollama}
 * a local Ollama through its OpenAI-compatible endpoint ({@code OLLAMA_BASE_URL}, default http://localhost:11434/v1;
 * {@code OLLAMA_MODEL}, default llama3.1); {@code --llm scripted} (the default) answers from {@code --script}, one
 * answer per block of lines separated by a line "---".
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        String url = option(a, "--url", System.getenv().getOrDefault("CONCLAVE_URL", "http://localhost:8080"));
        String agent = option(a, "--agent", null);
        String project = option(a, "--project", null);
        String token = option(a, "--token", System.getenv("CONCLAVE_TOKEN"));
        if (agent == null || project == null || token == null) {
            System.err.println("usage: --agent ID --project ID [--token T | CONCLAVE_TOKEN] [--url URL] "
                    + "[--llm openai|ollama|scripted] [--script FILE] [--once]");
            System.exit(2);
        }
        ChatModel model = model(option(a, "--llm", "scripted"), option(a, "--script", null));
        TeamLead lead = AiServices.create(TeamLead.class, model);
        LlmAgent llmAgent = new LlmAgent(new ConclaveClient(url, token), agent, lead, System.out::println);
        llmAgent.proposeAssignees(project);
        do {
            llmAgent.handleInbox(project);
            Thread.sleep(2000);
        } while (!a.contains("--once"));
    }

    /** The chat model the command line names: a real provider, or the scripted one. */
    static ChatModel model(String llm, String script) throws java.io.IOException {
        return switch (llm) {
            case "openai" -> OpenAiChatModel.builder()
                    .baseUrl(System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1"))
                    .apiKey(System.getenv("OPENAI_API_KEY"))
                    .modelName(System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini"))
                    .timeout(Duration.ofSeconds(60)).build();
            case "ollama" -> OpenAiChatModel.builder()
                    .baseUrl(System.getenv().getOrDefault("OLLAMA_BASE_URL", "http://localhost:11434/v1"))
                    .apiKey("ollama") // Ollama takes any key
                    .modelName(System.getenv().getOrDefault("OLLAMA_MODEL", "llama3.1"))
                    .timeout(Duration.ofSeconds(120)).build();
            default -> new ScriptedChatModel(script == null ? List.of()
                    : Arrays.stream(Files.readString(Path.of(script)).split("(?m)^---\\s*$")).map(String::strip).toList());
        };
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
