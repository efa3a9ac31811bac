package io.conclave.engine.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The bytecode the budget's {@link Instrumenter} rewrites is valid bytecode, checked here by ASM's data-flow verifier
 * rather than by the JVM's: the suite's JVM runs with the JVM's verification of application classes off (the pom's
 * {@code test.jvm}; verifying took 17.5 s of its CPU in one measured verify), so without this test a rewrite that
 * broke a method's stack or types would pass every in-process test and fail only in a service, whose JVM verifies.
 * Checked: every class of the shipped policy as the build instrumented it ({@code conclave/**} among the application's
 * classes), and the classes of {@link DepthHooksTest}'s probe instrumented here, as a rule file's are when it is
 * compiled at run time. A class planted with a stack underflow is reported, so the check is known to see one.
 */
class VerifiedHooksTest {

    @Test
    void everyInstrumentedClassOfTheShippedPolicyVerifies() throws IOException, URISyntaxException {
        Path root = Path.of(Instrumenter.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("conclave");
        Map<String, String> problems = new TreeMap<>();
        int checked = 0;
        int hooked = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String problem = problems(bytes, VerifiedHooksTest.class.getClassLoader());
                if (!problem.isEmpty()) {
                    problems.put(root.relativize(file).toString(), problem);
                }
                checked++;
                if (Instrumenter.census(bytes).values().stream().anyMatch(n -> n > 0)) {
                    hooked++;
                }
            }
        }
        assertEquals(Map.of(), problems);
        // the shipped policy is about 1,600 classes (ten chapters' rules, lambdas and functions); hundreds carry hooks
        assertTrue(checked > 1_000, "classes checked: " + checked);
        assertTrue(hooked > 100, "classes with the budget's hooks: " + hooked + " of " + checked);
    }

    @Test
    void theClassesInstrumentedAtRunTimeVerify() {
        // DepthHooksTest's probe: functions as DRL declares them, with cycles of calls, lambdas and a library sort
        Map<String, byte[]> compiled = DepthHooksTest.compile("conclave.probe.Fns", DepthHooksTest.SOURCE);
        List<String> refused = new ArrayList<>();
        Map<String, byte[]> instrumented = Instrumenter.instrument(compiled, refused);
        assertEquals(List.of(), refused);
        ClassLoader types = DepthHooksTest.loading(compiled, VerifiedHooksTest.class.getClassLoader());
        Map<String, String> problems = new TreeMap<>();
        instrumented.forEach((name, bytes) -> {
            String problem = problems(bytes, types);
            if (!problem.isEmpty()) {
                problems.put(name, problem);
            }
        });
        assertEquals(Map.of(), problems);
        assertTrue(Instrumenter.census(instrumented.get("conclave.probe.Fns")).values().stream().anyMatch(n -> n > 0),
                "the probe got hooks");
    }

    @Test
    void aMethodThatPopsFromAnEmptyStackIsReported() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "conclave/verified/Broken", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f", "()I", null, null);
        m.visitCode();
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.IRETURN); // nothing left to return
        m.visitMaxs(1, 0);
        m.visitEnd();
        writer.visitEnd();
        String problem = problems(writer.toByteArray(), VerifiedHooksTest.class.getClassLoader());
        assertTrue(problem.contains("Cannot pop operand off an empty stack"), problem);
    }

    /** What ASM's verifier finds wrong in the class (empty when nothing), its types read through {@code types}. */
    private static String problems(byte[] bytes, ClassLoader types) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), types, false, new PrintWriter(out));
        return out.toString();
    }
}
