package io.conclave.examples.agent;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * What the LLM is asked, as a LangChain4j AI service: LangChain4j turns each call into a chat request from
 * these templates and the answer into the return value. The LLM proposes; Conclave's rules decide.
 */
public interface TeamLead {
    String SYSTEM = "You are the team lead of a project coordinated by Conclave, a rule-driven orchestrator. You "
            + "propose who does what and you answer colleagues briefly; Conclave's rules decide, and may overrule you.";

    @SystemMessage(SYSTEM)
    @UserMessage("""
            Task {{taskId}}: {{description}}
            It needs these skills at least at these levels (0 to 10): {{skills}}
            The project's agents and their skill levels: {{agents}}
            Which agent should do it? Answer with the agent id alone on the first line, then one sentence why.""")
    String proposeAssignee(@V("taskId") String taskId, @V("description") String description,
                           @V("skills") String skills, @V("agents") String agents);

    @SystemMessage(SYSTEM)
    @UserMessage("""
            In conversation {{conversationId}}, {{sender}} wrote: {{content}}
            You are {{me}}; it is your turn. Reply in one or two sentences.""")
    String reply(@V("conversationId") String conversationId, @V("sender") String sender,
                 @V("content") String content, @V("me") String me);
}
