package io.conclave.engine.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which methods of a class compiled from the rules get the depth hooks ({@code Budget.enter}/{@code exit}): those
 * that can take part in a cycle of calls, and no others. A class of the rules' package ({@code conclave.*}) is
 * compiled here with javac, instrumented, and its methods read back; the expectations follow the rule by hand: a
 * method that only returns (arithmetic, or calls of its own class's methods that only return) has none, a method
 * on a cycle of its own class's calls or calling one has them, and so has one that creates a lambda, hands a
 * functional object to the library or calls rule code of another class. Then the instrumented class runs: a
 * recursion is still stopped at the meter's depth while calls through the hook-less methods are not counted.
 */
class DepthHooksTest {
    static final String SOURCE = """
            package conclave.probe;

            import java.util.List;
            import java.util.function.IntUnaryOperator;

            public class Fns {
                public static int leaf(int x) { return x * 2 + 1; }
                public static int viaLeaf(int x) { return leaf(x) + leaf(x + 1); }
                public static boolean before(int a, int b) { return viaLeaf(a) < viaLeaf(b); }
                public static int self(int x) { return x <= 0 ? 0 : 1 + self(x - 1); }
                public static int ping(int x) { return x <= 0 ? 0 : pong(x - 1); }
                public static int pong(int x) { return x <= 0 ? 0 : ping(x - 1); }
                public static int viaSelf(int x) { return self(x); }
                public static IntUnaryOperator makes() { return x -> leaf(x); }
                public static void sorts(List<Integer> xs) { xs.sort((a, b) -> Integer.compare(leaf(a), leaf(b))); }
                public static int other(int x) { return Other.f(x); }
            }

            class Other {
                static int f(int x) { return x; }
            }
            """;

    @Test
    void onlyMethodsThatCanTakePartInACycleCountTheirDepth() throws Exception {
        Map<String, byte[]> compiled = compile("conclave.probe.Fns", SOURCE);
        byte[] fns = Instrumenter.instrument(compiled.get("conclave.probe.Fns"), new ArrayList<>());
        Set<String> entering = entering(fns);

        // counted: cycles (self, ping/pong), what calls into one (viaSelf), a lambda made (makes), a comparator
        // handed to the library (sorts), rule code of another class (other). Not counted: leaf (arithmetic),
        // viaLeaf and before (calls of what only returns), the lambdas' bodies (javac's lambda$makes$0 and
        // lambda$sorts$1: calls of leaf only)
        assertEquals(new TreeSet<>(List.of("makes", "other", "ping", "pong", "self", "sorts", "viaSelf")), entering);
    }

    @Test
    void aRecursionIsStillStoppedAtItsDepthAndLeafCallsAreNotCounted() throws Throwable {
        Map<String, byte[]> compiled = compile("conclave.probe.Fns", SOURCE);
        Map<String, byte[]> instrumented = new TreeMap<>();
        compiled.forEach((name, bytes) -> instrumented.put(name, Instrumenter.instrument(bytes, new ArrayList<>())));
        ClassLoader loader = loading(instrumented, getClass().getClassLoader());
        Class<?> fns = loader.loadClass("conclave.probe.Fns");
        var self = MethodHandles.publicLookup().findStatic(fns, "self",
                java.lang.invoke.MethodType.methodType(int.class, int.class));
        var before = MethodHandles.publicLookup().findStatic(fns, "before",
                java.lang.invoke.MethodType.methodType(boolean.class, int.class, int.class));
        Limits eight = new Limits(0, 8, Long.MAX_VALUE, 1L << 20, 1_000_000);
        try (Budget.Scope scope = Budget.arm(eight)) {
            assertEquals(7, (int) self.invokeExact(7)); // self(7) .. self(0): eight levels
            assertThrows(BudgetExceeded.class, () -> {
                int ignored = (int) self.invokeExact(8); // a ninth level
            });
        }
        try (Budget.Scope scope = Budget.arm(eight)) {
            // before -> viaLeaf -> leaf, called a thousand times: no level is ever counted (the old analysis counted two: before, viaLeaf)
            for (int i = 0; i < 1_000; i++) {
                boolean ignored = (boolean) before.invokeExact(i, i + 1);
            }
            assertEquals(0, scope.meter().deepest());
        }
    }

    /** The methods of {@code bytes} that call {@code Budget.enter()}. */
    private static Set<String> entering(byte[] bytes) {
        Set<String> out = new TreeSet<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        if (owner.equals(Budget.INTERNAL) && n.equals("enter")) {
                            out.add(name);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return out;
    }

    /** A class loader that defines {@code classes} (by binary name), anything else through {@code parent}. */
    static ClassLoader loading(Map<String, byte[]> classes, ClassLoader parent) {
        return new ClassLoader(parent) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
    }

    /** Compiles one source file in memory; every class it declares, by binary name. */
    static Map<String, byte[]> compile(String mainClass, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject src = new SimpleJavaFileObject(URI.create("string:///" + mainClass.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        assertTrue(javac.getTask(null, files, null, List.of("--release", "17"), null, List.of(src)).call(), "javac");
        Map<String, byte[]> classes = new TreeMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }
}
