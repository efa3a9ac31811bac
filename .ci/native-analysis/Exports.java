import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Prints the --add-exports/--add-opens lines that give GraalVM's builder modules access to the concealed
 * packages of the JDK modules it works on (what the native-image driver passes). Run on the JDK that runs
 * the builder: java Exports.java > exports.args
 */
public class Exports {
    static final String[] MODULES = {"java.base", "java.desktop", "java.logging", "java.management", "java.naming",
            "java.net.http", "java.security.jgss", "java.xml", "jdk.internal.jvmstat", "jdk.internal.vm.ci", "jdk.jfr",
            "jdk.management", "jdk.zipfs"};
    static final String TARGETS = String.join(",", "jdk.graal.compiler", "org.graalvm.nativeimage.builder",
            "org.graalvm.nativeimage.base", "org.graalvm.nativeimage.objectfile", "org.graalvm.nativeimage.pointsto",
            "org.graalvm.truffle.compiler", "org.graalvm.nativeimage.configure");

    public static void main(String[] args) {
        for (String name : MODULES) {
            Module m = ModuleLayer.boot().findModule(name).orElse(null);
            if (m == null) { // not in this JDK's boot layer (e.g. jdk.internal.vm.ci without JVMCI): nothing to open
                System.err.println("Exports: module " + name + " not found, skipped");
                continue;
            }
            ModuleDescriptor d = m.getDescriptor();
            Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            for (String p : new TreeSet<>(d.packages())) {
                if (exported.contains(p)) continue;
                System.out.println("--add-exports=" + name + "/" + p + "=" + TARGETS);
                System.out.println("--add-opens=" + name + "/" + p + "=" + TARGETS);
            }
        }
    }
}
