package io.conclave.engine.policy;

import java.util.Map;
import java.util.Set;

/**
 * What a rule file may use: the classes its imports, declarations, functions, conditions and
 * consequences may name or call. Everything else is refused when the policy is validated, so that a
 * policy decides over facts and cannot run a process, touch files or the network, reflect, load
 * classes, start threads or reach {@code System}. The argument for why this is enough is in
 * docs/policy-compilation.md ("What a rule may use").
 * <p>
 * Two sets: what a rule author may use ({@link #allowsType}), and what the Drools executable model
 * generates around the author's code ({@link #allowsInfrastructure}: its pattern DSL, consequence
 * interfaces, built-in accumulate functions), which the compiled classes may call but a rule file may
 * not name. Names are binary names with dots ({@code java.util.Map$Entry}).
 */
public final class PolicyAllowList {
    /** The model: every fact class, its enums and helpers. */
    static final String MODEL = "io.conclave.model";

    /** Packages whose classes a rule may use (not their subpackages), less {@link #EXCLUDED}. */
    static final Set<String> PACKAGES = Set.of("java.util", "java.util.function", "java.time", "java.time.format",
            "java.time.temporal", "java.time.chrono", "java.math");

    /** Classes of {@code java.lang} a rule may use: text, numbers, Math, and the exceptions a rule may throw. */
    static final Set<String> JAVA_LANG = Set.of("Object", "String", "StringBuilder", "StringBuffer", "CharSequence",
            "Math", "StrictMath", "Number", "Integer", "Long", "Double", "Float", "Short", "Byte", "Character", "Boolean",
            "Comparable", "Iterable", "Enum", "Record", "Void", "Throwable", "Exception", "RuntimeException",
            "IllegalArgumentException", "IllegalStateException", "UnsupportedOperationException", "ArithmeticException",
            "NullPointerException", "IndexOutOfBoundsException", "NumberFormatException", "ClassCastException");

    /**
     * Classes of the allowed packages that are not allowed: they load classes by name (ServiceLoader, the
     * resource bundles), start threads (Timer), or open files from a name (Formatter, Scanner, Properties).
     */
    static final Set<String> EXCLUDED = Set.of("java.util.ServiceLoader", "java.util.Timer", "java.util.TimerTask",
            "java.util.ResourceBundle", "java.util.PropertyResourceBundle", "java.util.ListResourceBundle",
            "java.util.Formatter", "java.util.Scanner", "java.util.Properties");

    /**
     * Members of allowed classes that are not allowed, by declaring class: the ways from an allowed object
     * to a Class (and from there to reflection), blocking waits, the JVM's global defaults and system
     * properties, and parallel array operations (threads).
     */
    static final Map<String, Set<String>> DENIED_MEMBERS = Map.of(
            "java.lang.Object", Set.of("getClass", "wait", "notify", "notifyAll", "finalize"),
            "java.lang.Enum", Set.of("getDeclaringClass", "describeConstable"),
            "java.lang.Integer", Set.of("getInteger"),
            "java.lang.Long", Set.of("getLong"),
            "java.lang.Boolean", Set.of("getBoolean"),
            "java.util.Locale", Set.of("setDefault"),
            "java.util.TimeZone", Set.of("setDefault"),
            "java.util.Arrays", Set.of("parallelSort", "parallelPrefix", "parallelSetAll"),
            "org.drools.model.Drools", Set.of("getRuntime", "getContext", "getEntryPoint", "getChannel", "halt", "insertAsync"));

    /**
     * Member names refused wherever they appear in a rule file, whatever the type: the entry points of
     * reflection, class loading, processes and the rule engine's own runtime. (The compiled code is
     * checked by type as well; this names the problem at its line before compiling.)
     */
    static final Set<String> DENIED_NAMES = Set.of("getClass", "getDeclaringClass", "getClassLoader",
            "getContextClassLoader", "getSystemClassLoader", "forName", "loadClass", "defineClass", "newInstance",
            "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods", "getField", "getFields",
            "getDeclaredField", "getDeclaredFields", "getConstructor", "getConstructors", "getDeclaredConstructor",
            "getDeclaredConstructors", "setAccessible", "invoke", "getRuntime", "exec", "exit", "getKieRuntime",
            "getWorkingMemory", "getKieBase", "getEntryPoint");

    /** What the executable model generates: its DSL and lambdas, fact metadata, the built-in accumulate functions. */
    private static final Set<String> INFRASTRUCTURE_PREFIXES = Set.of("org.drools.model.",
            "org.drools.modelcompiler.dsl.pattern.D", "org.drools.modelcompiler.util.EvaluationUtil",
            "org.drools.core.base.accumulators.");

    /**
     * Single generated calls outside those packages, by class. The getters of {@code SerializedLambda} are what javac's
     * {@code $deserializeLambda$} reads when a query's pattern has constraints (names and signatures, as text).
     */
    private static final Map<String, Set<String>> INFRASTRUCTURE_MEMBERS = Map.of(
            "java.lang.System", Set.of("arraycopy"),
            "org.drools.util.DateUtils", Set.of("getDateFormatMask"),
            "java.lang.invoke.SerializedLambda", Set.of("getImplMethodName", "getImplMethodKind", "getImplClass",
                    "getImplMethodSignature", "getFunctionalInterfaceClass", "getFunctionalInterfaceMethodName",
                    "getFunctionalInterfaceMethodSignature", "getInstantiatedMethodType", "getCapturedArg"));

    /** Interfaces the executable model gives the classes it generates (declared facts, lambdas). */
    private static final Set<String> INFRASTRUCTURE_SUPERTYPES = Set.of("java.io.Serializable", "java.io.Externalizable",
            "org.drools.base.factmodel.GeneratedFact", "org.drools.base.factmodel.AccessibleFact");

    private PolicyAllowList() {
    }

    /** True when a rule may use this class (a nested class when its top-level class may be used). */
    static boolean allowsType(String binaryName) {
        String name = topLevel(arrayElement(binaryName));
        if (isPrimitive(name)) {
            return true;
        }
        if (name.equals(MODEL) || name.startsWith(MODEL + ".")) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        String pkg = dot < 0 ? "" : name.substring(0, dot);
        if (pkg.equals("java.lang")) {
            return JAVA_LANG.contains(name.substring(dot + 1));
        }
        return PACKAGES.contains(pkg) && !EXCLUDED.contains(name);
    }

    /** True for a package a rule may import with {@code .*}. */
    static boolean allowsPackage(String pkg) {
        return PACKAGES.contains(pkg) || pkg.equals("java.lang") || pkg.equals(MODEL) || pkg.startsWith(MODEL + ".");
    }

    /** True when a compiled class may use this class because the executable model generates the use. */
    static boolean allowsInfrastructure(String binaryName) {
        String name = arrayElement(binaryName);
        return INFRASTRUCTURE_PREFIXES.stream().anyMatch(p -> name.startsWith(p) || name.equals(stripDot(p)));
    }

    /** True when a generated class may extend or implement this type. */
    static boolean allowsSupertype(String binaryName) {
        return allowsType(binaryName) || allowsInfrastructure(binaryName) || INFRASTRUCTURE_SUPERTYPES.contains(binaryName);
    }

    /** True unless this member of its declaring class is one of the denied ones. */
    static boolean allowsMember(String declaringClass, String member) {
        Set<String> denied = DENIED_MEMBERS.get(declaringClass);
        if (denied != null && denied.contains(member)) {
            return false;
        }
        return !(member.startsWith("parallel") && declaringClass.startsWith("java.util."));
    }

    /** True for the single generated calls allowed outside the allowed classes ({@code System.arraycopy}). */
    static boolean allowsInfrastructureMember(String declaringClass, String member) {
        Set<String> allowed = INFRASTRUCTURE_MEMBERS.get(declaringClass);
        return allowed != null && allowed.contains(member);
    }

    /** The allow-list in a sentence, for refusals. */
    static String summary() {
        return "a rule may use the model (io.conclave.model), java.util, java.util.function, java.time, java.math, "
                + "and of java.lang only String, StringBuilder, Math, the boxed numbers and Boolean, Character, Object "
                + "and the common exceptions (docs/policy-compilation.md, 'What a rule may use')";
    }

    private static String topLevel(String name) {
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    private static String arrayElement(String name) {
        String n = name;
        while (n.endsWith("[]")) {
            n = n.substring(0, n.length() - 2);
        }
        return n;
    }

    private static String stripDot(String p) {
        return p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
    }

    private static boolean isPrimitive(String name) {
        return switch (name) {
            case "boolean", "byte", "char", "short", "int", "long", "float", "double", "void" -> true;
            default -> false;
        };
    }
}
