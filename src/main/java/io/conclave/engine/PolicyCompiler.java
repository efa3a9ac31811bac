package io.conclave.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles rule files into a KieBase at run time. Stateless and thread-safe; each call builds an
 * independent in-memory KIE module and removes it from the KIE repository afterwards.
 */
public final class PolicyCompiler {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    /** The position parser errors carry in their text ("[ERR 101] Line 7:25 ..."). */
    private static final Pattern POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");

    private final ClassLoader classLoader;

    public PolicyCompiler(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The version id of a set of files: the first 12 hex digits of a SHA-256 over names and contents. */
    public static String versionOf(List<RuleFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleFile f : sorted(files)) {
                sha.update(f.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.content().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles the files; the result carries either a policy or the errors (file, line, column). */
    public CompileResult compile(List<RuleFile> files) {
        List<RuleFile> ordered = sorted(files);
        String version = versionOf(ordered);
        if (ordered.isEmpty()) {
            return new CompileResult(version, ordered,
                    List.of(new PolicyMessage("ERROR", "", 0, 0, "a policy needs at least one .drl file")), null);
        }
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("io.conclave.policy", "policy-" + version, "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        for (RuleFile f : ordered) {
            kfs.write(resourcePath(f), f.content());
        }
        KieBuilder builder;
        try {
            builder = ks.newKieBuilder(kfs, classLoader).buildAll();
        } catch (StackOverflowError e) {
            ks.getRepository().removeKieModule(releaseId);
            return new CompileResult(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "the rules are nested too deeply to compile")), null);
        }
        List<PolicyMessage> messages = new ArrayList<>();
        for (Message m : builder.getResults().getMessages()) {
            messages.add(new PolicyMessage(m.getLevel() == Message.Level.ERROR ? "ERROR" : "WARNING",
                    fileOf(m.getPath()), m.getLine(), columnOf(m), m.getText().strip()));
        }
        if (messages.stream().anyMatch(PolicyMessage::isError)) {
            ks.getRepository().removeKieModule(releaseId);
            return new CompileResult(version, ordered, messages, null);
        }
        KieContainer container = ks.newKieContainer(releaseId, classLoader);
        var conf = ks.newKieBaseConfiguration();
        conf.setOption(EventProcessingOption.CLOUD);
        KieBase kieBase = container.newKieBase(conf);
        ks.getRepository().removeKieModule(releaseId);
        Policy policy = new Policy(version, Instant.now(), null, ordered,
                messages.stream().filter(m -> !m.isError()).toList(), kieBase);
        return new CompileResult(version, ordered, messages, policy);
    }

    private static List<RuleFile> sorted(List<RuleFile> files) {
        return files.stream().sorted(Comparator.comparing(RuleFile::name)).toList();
    }

    /** Places a file where its DRL package says it belongs, which keeps Drools from warning. */
    private static String resourcePath(RuleFile f) {
        Matcher m = PACKAGE.matcher(f.content());
        String folder = m.find() ? m.group(1).replace('.', '/') : "rules";
        return "src/main/resources/" + folder + "/" + f.name();
    }

    /**
     * Drools' builder messages always answer 0 for the column (MessageImpl sets it to 0), but parser
     * errors name the position in their text; take the column from there when it is for the same line.
     */
    private static int columnOf(Message m) {
        if (m.getColumn() != 0 || m.getText() == null) {
            return m.getColumn();
        }
        Matcher p = POSITION.matcher(m.getText());
        return p.find() && Integer.parseInt(p.group(1)) == m.getLine() ? Integer.parseInt(p.group(2)) : 0;
    }

    private static String fileOf(String path) {
        if (path == null) {
            return "";
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
