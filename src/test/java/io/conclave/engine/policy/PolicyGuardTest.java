package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.conclave.journal.RuleFolder;
import io.conclave.model.policy.PolicyMessage;

/**
 * The allow-list, on both passes: the source check (before compiling, with file, line and name) and
 * the check of the classes the compiler generated (after compiling, whatever the source looked like).
 * Each escape is a rule that compiles as DRL; each must be refused, and the shipped rules must pass.
 */
public class PolicyGuardTest {
    private static final ClassLoader LOADER = PolicyGuardTest.class.getClassLoader();

    /** A one-rule chapter file whose consequence is {@code body} (line 8 of the file), with extra imports. */
    public static String rule(String imports, String body) {
        return """
                package conclave.workflow;

                import io.conclave.model.*;
                %s
                rule "Escape"
                when
                    $t : Task()
                then
                    %s
                end
                """.formatted(imports, body);
    }

    /** The consequence line of {@link #rule} when {@code imports} is one line. */
    private static final int BODY_LINE = 9;

    @Test
    void theShippedRulesPassBothChecks() throws Exception {
        List<RuleFile> shipped = RuleFolder.read(Path.of("rules"));
        PolicyGuard guard = new PolicyGuard(LOADER);
        assertEquals(List.of(), guard.checkSource(shipped));
        assertEquals(List.of(), PolicyLimits.DEFAULT.check(shipped));
        // every chapter compiled at run time, so its generated classes are checked too
        CompileResult r = new PolicyCompiler(LOADER, PrebuiltPolicy.none()).compile(shipped);
        assertTrue(r.ok(), () -> r.errors().toString());
    }

    @Test
    void eachEscapeIsRefusedAtItsLineWithItsName() {
        // what, extra import line (line 4), consequence (line 9), the name refused, the line it is refused at
        List<String[]> escapes = List.of(
                new String[] {"Runtime.exec", "", "java.lang.Runtime.getRuntime().exec(\"touch /tmp/x\");", "java.lang.Runtime", "9"},
                new String[] {"Runtime by its simple name", "", "Runtime.getRuntime().exec(\"touch /tmp/x\");", "java.lang.Runtime", "9"},
                new String[] {"ProcessBuilder", "", "new ProcessBuilder(\"touch\", \"/tmp/x\").start();", "java.lang.ProcessBuilder", "9"},
                new String[] {"java.io file", "import java.io.File;", "new File(\"/tmp/x\").createNewFile();", "java.io.File", "4"},
                new String[] {"java.nio files", "", "java.nio.file.Files.writeString(java.nio.file.Path.of(\"/tmp/x\"), \"x\");", "java.nio.file.Files", "9"},
                new String[] {"socket", "", "new java.net.Socket(\"localhost\", 8080);", "java.net.Socket", "9"},
                new String[] {"reflection", "", "$t.getClass().getClassLoader();", "getClass", "9"},
                new String[] {"class loading", "", "Class.forName(\"java.lang.Runtime\");", "java.lang.Class", "9"},
                new String[] {"System.exit", "", "System.exit(3);", "java.lang.System", "9"},
                new String[] {"a thread", "", "new Thread(() -> { }).start();", "java.lang.Thread", "9"},
                new String[] {"a wildcard import", "import java.io.*;", "new FileWriter(\"/tmp/x\").close();", "java.io.*", "4"},
                new String[] {"a Formatter opening a file", "", "new java.util.Formatter(\"/tmp/x\").close();", "java.util.Formatter", "9"},
                new String[] {"the engine's runtime", "", "drools.getKieRuntime().getKieBase();", "getKieRuntime", "9"});
        PolicyGuard guard = new PolicyGuard(LOADER);
        for (String[] e : escapes) {
            List<PolicyMessage> found = guard.checkSource(List.of(new RuleFile("workflow/escape.drl", rule(e[1], e[2]))));
            PolicyMessage first = found.stream().filter(m -> m.message().contains("'" + e[3] + "'")).findFirst()
                    .orElseThrow(() -> new AssertionError(e[0] + ": no refusal names " + e[3] + ": " + found));
            assertEquals("workflow/escape.drl", first.file(), e[0]);
            assertEquals(Integer.parseInt(e[4]), first.line(), e[0] + ": " + first);
            assertTrue(first.isError(), e[0]);
        }
    }

    /**
     * A unicode escape turns {@code R\u0075ntime} into {@code Runtime} for the Java compiler only: the
     * source check refuses the escape itself, and the compiled-class check would see the call anyway.
     */
    @Test
    void aNameSpelledWithAUnicodeEscapeIsRefused() {
        String drl = rule("", "java.lang.R\\u0075ntime.getRuntime();");
        List<PolicyMessage> found = new PolicyGuard(LOADER).checkSource(List.of(new RuleFile("workflow/escape.drl", drl)));
        assertTrue(found.stream().anyMatch(m -> m.message().contains("unicode escape") && m.line() == BODY_LINE), found.toString());
    }

    /**
     * The second pass alone: a rule whose source names only allowed classes but whose compiled code calls
     * an ObjectMapper (through the model's Json.MAPPER): only the compiled classes show the call. The
     * source check passes it; the compile refuses it, naming the method and the line of its use.
     */
    @Test
    void theCompiledClassesAreCheckedWhateverTheSourceSays() {
        String drl = rule("", "io.conclave.model.Json.MAPPER.createArrayNode();");
        List<RuleFile> files = List.of(new RuleFile("workflow/escape.drl", drl));
        assertEquals(List.of(), new PolicyGuard(LOADER).checkSource(files));
        CompileResult r = new PolicyCompiler(LOADER, PrebuiltPolicy.none()).compile(files);
        assertFalse(r.ok());
        PolicyMessage m = r.errors().get(0);
        assertTrue(m.message().contains("com.fasterxml.jackson.databind.ObjectMapper.createArrayNode"), m.toString());
        assertEquals("workflow/escape.drl", m.file());
        assertEquals(BODY_LINE, m.line());
    }

    @Test
    void allowedClassesCompile() {
        String drl = rule("import java.util.*;", "List l = new ArrayList(); l.add(Math.max(1, 2)); "
                + "String s = String.format(\"%d\", l.size()) + java.time.LocalDate.of(2024, 1, 1); "
                + "Map m = new TreeMap(); m.put(s, Integer.valueOf(1)); $t.getTaskId().length();");
        CompileResult r = new PolicyCompiler(LOADER, PrebuiltPolicy.none()).compile(List.of(
                new RuleFile("workflow/fine.drl", drl)));
        assertEquals(List.of(), r.errors().stream().map(PolicyMessage::toString).collect(Collectors.toList()));
    }
}
