package io.conclave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of class cache ({@code src/main/launcher/conclave}, which the build copies to
 * {@code target/conclave}), run against stand-in JDKs: a folder with a {@code release} file naming a version
 * and a {@code bin/java} that prints the options it was given, one a line, instead of starting a JVM. What the
 * JDKs do with those options is measured by the start-up benchmark, not here.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src/main/launcher/conclave").toAbsolutePath();

    @TempDir
    Path dir;
    private Path app;

    @BeforeEach
    void packagedApplication() throws IOException {
        app = Files.createDirectories(dir.resolve("quarkus-app"));
        Files.writeString(app.resolve("quarkus-run.jar"), "run jar");
        Files.createDirectories(app.resolve("app"));
        Files.writeString(app.resolve("app/conclave.jar"), "build 1");
    }

    /** JDK 25: the first start records (AOTCacheOutput), a start that finds the file uses it (AOTCache). */
    @Test
    void onJdk25TheFirstServeWritesTheAotCacheAndLaterOnesUseIt() throws Exception {
        Path jdk = jdk("25.0.3");
        List<String> first = launch(jdk, Map.of(), "serve");
        String output = option(first, "-XX:AOTCacheOutput=");
        assertTrue(output.matches(java.util.regex.Pattern.quote(app.toString())
                + "/conclave-jdk25\\.0\\.3-compact-\\d+\\.aot"), output);
        assertTrue(first.contains("-Xlog:aot=error"), "the recording run's list of classes left out is not printed");
        // the service is told which file it records, so that it ends the recording once its start is over
        assertEquals(output, option(first, "-Dconclave.aot-recording="));
        Files.writeString(Path.of(output), "cache");
        List<String> later = launch(jdk, Map.of(), "serve", "--port", "9090");
        assertEquals(output, option(later, "-XX:AOTCache="));
        assertTrue(later.stream().noneMatch(a -> a.startsWith("-XX:AOTCacheOutput") || a.startsWith("-Xlog")
                || a.startsWith("-Dconclave.aot-recording")), later::toString);
        // JDK 22 and later: native access is allowed, for every command
        assertTrue(later.contains("--enable-native-access=ALL-UNNAMED"), later::toString);
        assertTrue(launch(jdk, Map.of(), "validate").contains("--enable-native-access=ALL-UNNAMED"));
        // the service's own arguments follow the jar, untouched
        assertEquals(List.of("-jar", app.resolve("quarkus-run.jar").toString(), "serve", "--port", "9090"),
                later.subList(later.size() - 5, later.size()));
        // without a command the launcher starts the service, with the cache
        assertEquals(output, option(launch(jdk, Map.of(), new String[0]), "-XX:AOTCache="));
    }

    /**
     * JDK 25 and later run with compact object headers, every command, unless switched off; the class cache names
     * the layout it was recorded with (the JDK refuses a cache of the other), and older JDKs get no such option.
     */
    @Test
    void compactObjectHeadersOnJdk25AndTheCacheNamesThem() throws Exception {
        Path jdk = jdk("25.0.3");
        List<String> serve = launch(jdk, Map.of(), "serve");
        assertTrue(serve.contains("-XX:+UseCompactObjectHeaders"), serve::toString);
        assertTrue(launch(jdk, Map.of(), "validate").contains("-XX:+UseCompactObjectHeaders"));
        List<String> off = launch(jdk, Map.of("CONCLAVE_COMPACT_HEADERS", "off"), "serve");
        assertTrue(off.stream().noneMatch(a -> a.contains("CompactObjectHeaders")), off::toString);
        String compact = option(serve, "-XX:AOTCacheOutput=");
        String plain = option(off, "-XX:AOTCacheOutput=");
        assertTrue(compact.contains("-compact-") && !plain.contains("-compact-"), compact + " " + plain);
        assertEquals(compact.replace("-compact-", "-"), plain);
        assertTrue(launch(jdk("21.0.4"), Map.of(), "serve").stream().noneMatch(a -> a.contains("CompactObjectHeaders")));
        assertTrue(launch(jdk("17.0.15"), Map.of(), "serve").stream().noneMatch(a -> a.contains("CompactObjectHeaders")));
    }

    /**
     * ZGC when asked for (CONCLAVE_GC=zgc), on any machine. It keeps no compressed object pointers, so the JDK refuses a
     * class cache recorded under another collector (it says so and starts without one): under ZGC, chosen here or in
     * JAVA_OPTS, the cache is a file of its own, on JDK 25 as on JDK 17.
     */
    @Test
    void zgcWhenAskedForWithAClassCacheOfItsOwn() throws Exception {
        Path jdk = jdk("25.0.3");
        List<String> zgc = launch(jdk, Map.of("OMP_NUM_THREADS", "2", "CONCLAVE_GC", "zgc"), "serve");
        assertEquals(List.of("-XX:+UseZGC"), collectors(zgc));
        String plain = option(launch(jdk, Map.of("OMP_NUM_THREADS", "2"), "serve"), "-XX:AOTCacheOutput=");
        String own = option(zgc, "-XX:AOTCacheOutput=");
        assertEquals(plain.replace("-compact-", "-compact-zgc-"), own);
        // named in JAVA_OPTS (the launcher then names no collector of its own), the same file
        assertEquals(own, option(launch(jdk, Map.of("JAVA_OPTS", "-XX:+UseZGC"), "serve"), "-XX:AOTCacheOutput="));
        assertEquals(plain, option(launch(jdk, Map.of("JAVA_OPTS", "-XX:+UseG1GC"), "serve"), "-XX:AOTCacheOutput="));
        String archive = option(launch(jdk("17.0.15"), Map.of("CONCLAVE_AOT", "on", "CONCLAVE_GC", "zgc"), "serve"),
                "-XX:ArchiveClassesAtExit=");
        assertTrue(archive.matches(".*/conclave-jdk17\\.0\\.15-zgc-\\d+\\.jsa"), archive);
    }

    /** Another build of the application is another checksum, so another file: a stale cache is never used. */
    @Test
    void anotherBuildNamesAnotherCache() throws Exception {
        Path jdk = jdk("25.0.3");
        String before = option(launch(jdk, Map.of(), "serve"), "-XX:AOTCacheOutput=");
        Files.writeString(app.resolve("app/conclave.jar"), "build 2");
        String after = option(launch(jdk, Map.of(), "serve"), "-XX:AOTCacheOutput=");
        assertNotEquals(before, after);
    }

    /**
     * JDK 17 has no self-updating archive: ArchiveClassesAtExit first, SharedArchiveFile once it exists; only when
     * asked for (CONCLAVE_AOT=on), since OpenJDK 17.0.15 crashed writing it after a chapter compile.
     */
    @Test
    void onJdk17AnAppCdsArchiveOnlyWhenAskedFor() throws Exception {
        Path jdk = jdk("17.0.15");
        assertNoCache(launch(jdk, Map.of(), "serve"));
        String archive = option(launch(jdk, Map.of("CONCLAVE_AOT", "on"), "serve"), "-XX:ArchiveClassesAtExit=");
        assertTrue(archive.endsWith(".jsa") && archive.contains("/conclave-jdk17.0.15-"), archive);
        Files.writeString(Path.of(archive), "archive");
        List<String> later = launch(jdk, Map.of("CONCLAVE_AOT", "on"), "serve");
        assertEquals(archive, option(later, "-XX:SharedArchiveFile="));
        // JDK 17 does not know the option (it would refuse to start)
        assertTrue(later.stream().noneMatch(a -> a.startsWith("--enable-native-access")), later::toString);
    }

    /** JDK 19 to 24, when asked for: the JDK creates and refreshes the archive itself. */
    @Test
    void onJdk21TheJdkKeepsTheArchiveItselfWhenAskedFor() throws Exception {
        assertNoCache(launch(jdk("21.0.4"), Map.of(), "serve"));
        List<String> args = launch(jdk("21.0.4"), Map.of("CONCLAVE_AOT", "on"), "serve");
        assertTrue(args.contains("-XX:+AutoCreateSharedArchive"), args::toString);
        assertTrue(option(args, "-XX:SharedArchiveFile=").contains("/conclave-jdk21.0.4-"), args::toString);
    }

    /**
     * No cache for the one-shot commands, none when switched off, none when the folder cannot be written and
     * holds no cache, and none on a JDK older than 17.
     */
    @Test
    void noCacheWhereItCannotHelp() throws Exception {
        Path jdk = jdk("25.0.3");
        assertNoCache(launch(jdk, Map.of(), "run", "project.json"));
        assertNoCache(launch(jdk, Map.of(), "validate"));
        assertNoCache(launch(jdk, Map.of("CONCLAVE_AOT", "off"), "serve"));
        assertNoCache(launch(jdk, Map.of("CONCLAVE_AOT_DIR", dir.resolve("missing").toString()), "serve"));
        assertNoCache(launch(jdk("11.0.2"), Map.of("CONCLAVE_AOT", "on"), "serve"));
    }

    /**
     * The heap starts at 32 MB and may grow to 512 MB unless told otherwise: a start then touches only the young
     * generation it uses (about 40 MB less resident memory at ready, docs/operations.md#memory).
     */
    @Test
    void theHeapStartsSmallAndBothBoundsCanBeChanged() throws Exception {
        List<String> plain = launch(jdk("17.0.15"), Map.of(), "serve");
        assertEquals(List.of("-Xms32m", "-Xmx512m"), plain.stream().filter(a -> a.startsWith("-Xm")).toList());
        List<String> chosen = launch(jdk("17.0.15"), Map.of("CONCLAVE_HEAP_START", "256m", "CONCLAVE_HEAP", "2g"), "serve");
        assertEquals(List.of("-Xms256m", "-Xmx2g"), chosen.stream().filter(a -> a.startsWith("-Xm")).toList());
    }

    /**
     * Every command starts with room for 128 MB of class metadata before a collection for it (the JDK's 21 MB cost the
     * start on JDK 17 two full collections, and the policy compiler's warm-up one or two more); JAVA_OPTS comes after,
     * so a value there wins.
     */
    @Test
    void classMetadataHasRoomBeforeItsFirstCollection() throws Exception {
        Path jdk = jdk("17.0.15");
        for (String command : List.of("serve", "run", "validate")) {
            assertTrue(launch(jdk, Map.of(), command).contains("-XX:MetaspaceSize=128m"), command);
        }
        List<String> told = launch(jdk, Map.of("JAVA_OPTS", "-XX:MetaspaceSize=64m"), "serve");
        assertTrue(told.indexOf("-XX:MetaspaceSize=128m") < told.indexOf("-XX:MetaspaceSize=64m"), told::toString);
    }

    /**
     * For a heap bound of 512 MiB or less (the default, in any unit): the parallel collector on two cores, with its goal
     * for the time spent collecting at 5% (GCTimeRatio=19) and its survivor spaces and promotion age fixed (its adaptive
     * policy promoted what outlived one young collection), the serial one on one core; the JDK's choice with more cores
     * or a larger heap, when asked for (CONCLAVE_GC=jdk) or when JAVA_OPTS names a collector (two would stop the JVM);
     * either by name on any machine; a mistyped mode stops the launcher. The launcher counts cores with GNU nproc,
     * which answers OMP_NUM_THREADS when it is set: the test sets it to pose as a machine of 1, 2 or 8 cores.
     */
    @Test
    void theParallelCollectorOnTwoCoresTheSerialOnOneForHeapsUpTo512Mib() throws Exception {
        Path jdk = jdk("17.0.15");
        Map<String, String> two = Map.of("OMP_NUM_THREADS", "2");
        List<String> parallel = List.of("-XX:+UseParallelGC", "-XX:GCTimeRatio=19",
                "-XX:-UsePSAdaptiveSurvivorSizePolicy");
        for (String heap : new String[] {null, "512m", "512M", "256m", "524288k", "268435456"}) {
            Map<String, String> env = new java.util.HashMap<>(two);
            if (heap != null) {
                env.put("CONCLAVE_HEAP", heap);
            }
            assertEquals(parallel, collectors(launch(jdk, env, "serve")), String.valueOf(heap));
        }
        for (String heap : new String[] {"513m", "1g", "1024M", "1t", "lots"}) {
            assertEquals(List.of(), collectors(launch(jdk, Map.of("OMP_NUM_THREADS", "2", "CONCLAVE_HEAP", heap),
                    "serve")), heap);
        }
        assertEquals(List.of("-XX:+UseSerialGC"), collectors(launch(jdk, Map.of("OMP_NUM_THREADS", "1"), "serve")));
        assertEquals(List.of(), collectors(launch(jdk, Map.of("OMP_NUM_THREADS", "8"), "serve")));
        assertEquals(List.of(), collectors(launch(jdk, Map.of("OMP_NUM_THREADS", "2", "CONCLAVE_GC", "jdk"), "serve")));
        assertEquals(List.of("-XX:+UseSerialGC"), collectors(launch(jdk, Map.of("OMP_NUM_THREADS", "8",
                "CONCLAVE_GC", "serial", "CONCLAVE_HEAP", "8g"), "serve")));
        assertEquals(parallel, collectors(launch(jdk, Map.of("OMP_NUM_THREADS", "8", "CONCLAVE_GC", "parallel",
                "CONCLAVE_HEAP", "8g"), "serve")));
        assertEquals(List.of("-XX:+UseG1GC"),
                collectors(launch(jdk, Map.of("OMP_NUM_THREADS", "2", "JAVA_OPTS", "-Dx=1 -XX:+UseG1GC"), "run")));
        // also over a mode that names one (no goal nor fixed survivors then: they are the parallel collector's)
        for (String mode : List.of("serial", "parallel", "zgc")) {
            assertEquals(List.of("-XX:+UseG1GC"), collectors(launch(jdk, Map.of("CONCLAVE_GC", mode,
                    "JAVA_OPTS", "-XX:+UseG1GC"), "serve")), mode);
        }
        assertEquals(parallel, collectors(launch(jdk, two, "validate")));
        // JAVA_OPTS comes after the goal and the fixed survivors: another choice there wins
        List<String> args = launch(jdk, Map.of("OMP_NUM_THREADS", "2",
                "JAVA_OPTS", "-XX:GCTimeRatio=49 -XX:+UsePSAdaptiveSurvivorSizePolicy"), "serve");
        int goal = args.indexOf("-XX:GCTimeRatio=19");
        assertTrue(goal >= 0 && args.indexOf("-XX:GCTimeRatio=49") > goal, args.toString());
        int fixed = args.indexOf("-XX:-UsePSAdaptiveSurvivorSizePolicy");
        assertTrue(fixed >= 0 && args.indexOf("-XX:+UsePSAdaptiveSurvivorSizePolicy") > fixed, args.toString());
        String out = refused(jdk, "CONCLAVE_GC", "g1");
        assertTrue(out.contains("CONCLAVE_GC must be auto, serial, parallel, zgc or jdk, not 'g1'"), out);
    }

    /** The collector options among the arguments: which collector, and the launcher's goal and survivors for it. */
    private static List<String> collectors(List<String> args) {
        return args.stream()
                .filter(a -> a.matches("-XX:\\+Use\\w+GC|-XX:GCTimeRatio=19|-XX:.UsePSAdaptiveSurvivorSizePolicy"))
                .toList();
    }

    /**
     * The short commands compile with C1 alone (a 2,000-task run took 3.0 s against 5.1-5.4 s with C2 on two cores);
     * the service keeps both compilers, with or without a command; JAVA_OPTS comes after, so it can say otherwise.
     */
    @Test
    void theShortCommandsCompileWithC1AloneTheServiceWithBoth() throws Exception {
        Path jdk = jdk("17.0.15");
        for (String command : List.of("run", "validate", "help")) {
            assertTrue(launch(jdk, Map.of(), command).contains("-XX:TieredStopAtLevel=1"), command);
        }
        assertTrue(launch(jdk, Map.of(), "serve").stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel")));
        assertTrue(launch(jdk, Map.of()).stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel")));
        List<String> both = launch(jdk, Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "run");
        assertTrue(both.indexOf("-XX:TieredStopAtLevel=1") < both.indexOf("-XX:TieredStopAtLevel=4"), both::toString);
    }

    /**
     * The service asks for transparent huge pages where the kernel gives them on request ([madvise]); not where it
     * gives them to every process anyway ([always]) or to none ([never]), nor where the setting cannot be read; always
     * or never when told (on, off); the short commands never. JAVA_OPTS comes after, so -XX:-UseTransparentHugePages
     * there wins; a mistyped mode stops the launcher. CONCLAVE_THP_SETTING poses as the kernel's setting. With huge
     * pages, and only with them, the compiled code is in one code heap (-XX:-SegmentedCodeCache: three heaps each began
     * on a huge page of their own), which -XX:+SegmentedCodeCache in JAVA_OPTS undoes.
     */
    @Test
    void theServiceAsksForHugePagesWhereTheKernelGivesThemOnRequest() throws Exception {
        Path jdk = jdk("17.0.15");
        String huge = "-XX:+UseTransparentHugePages";
        String oneCodeHeap = "-XX:-SegmentedCodeCache";
        Map<String, String> madvise = Map.of("CONCLAVE_THP_SETTING", kernel("always [madvise] never").toString());
        assertTrue(launch(jdk, madvise, "serve").containsAll(List.of(huge, oneCodeHeap)));
        assertTrue(launch(jdk, madvise).contains(huge), "serve is the default command");
        for (String command : List.of("run", "validate", "help")) {
            List<String> shortOne = launch(jdk, madvise, command);
            assertFalse(shortOne.contains(huge) || shortOne.contains(oneCodeHeap), command);
        }
        for (String setting : List.of("[always] madvise never", "always madvise [never]")) {
            List<String> none = launch(jdk, Map.of("CONCLAVE_THP_SETTING", kernel(setting).toString()), "serve");
            assertFalse(none.contains(huge) || none.contains(oneCodeHeap), setting);
        }
        Map<String, String> unreadable = Map.of("CONCLAVE_THP_SETTING", dir.resolve("no-such-file").toString());
        assertFalse(launch(jdk, unreadable, "serve").contains(huge));
        Map<String, String> on = new java.util.HashMap<>(unreadable);
        on.put("CONCLAVE_HUGE_PAGES", "on");
        assertTrue(launch(jdk, on, "serve").containsAll(List.of(huge, oneCodeHeap)));
        Map<String, String> off = new java.util.HashMap<>(madvise);
        off.put("CONCLAVE_HUGE_PAGES", "off");
        List<String> small = launch(jdk, off, "serve");
        assertFalse(small.contains(huge) || small.contains(oneCodeHeap), small::toString);
        Map<String, String> opts = new java.util.HashMap<>(madvise);
        opts.put("JAVA_OPTS", "-XX:-UseTransparentHugePages");
        List<String> args = launch(jdk, opts, "serve");
        assertTrue(args.indexOf(huge) >= 0 && args.indexOf("-XX:-UseTransparentHugePages") > args.indexOf(huge),
                args::toString);
        opts.put("JAVA_OPTS", "-XX:+SegmentedCodeCache");
        args = launch(jdk, opts, "serve");
        int segmented = args.indexOf("-XX:+SegmentedCodeCache");
        assertTrue(args.indexOf(oneCodeHeap) >= 0 && segmented > args.indexOf(oneCodeHeap), args::toString);
        String out = refused(jdk, "CONCLAVE_HUGE_PAGES", "yes");
        assertTrue(out.contains("CONCLAVE_HUGE_PAGES must be auto, on or off, not 'yes'"), out);
    }

    /** A file holding a kernel's transparent huge page setting, as /sys/kernel/mm/transparent_hugepage/enabled does. */
    private Path kernel(String setting) throws IOException {
        Path file = dir.resolve("thp-" + setting.replace('[', '(').replace(']', ')').replace(' ', '-'));
        Files.writeString(file, setting + "\n");
        return file;
    }

    /** A mistyped CONCLAVE_AOT stops the launcher with a message instead of silently starting without a cache. */
    @Test
    void anUnknownCacheModeIsRefused() throws Exception {
        String out = refused(jdk("25.0.3"), "CONCLAVE_AOT", "yes");
        assertTrue(out.contains("CONCLAVE_AOT must be auto, on or off, not 'yes'"), out);
    }

    /** Runs {@code serve} with {@code variable} set to {@code value}: the launcher must stop with 2; what it said. */
    private static String refused(Path jdk, String variable, String value) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", LAUNCHER.toString(), "serve");
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put(variable, value);
        Process p = pb.redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        return out;
    }

    /** CONCLAVE_AOT_DIR moves the cache out of the application's folder (a read-only image, say). */
    @Test
    void theCacheFolderCanBeChosen() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        String output = option(launch(jdk("25.0.3"), Map.of("CONCLAVE_AOT_DIR", cache.toString()), "serve"),
                "-XX:AOTCacheOutput=");
        assertTrue(output.startsWith(cache + "/conclave-jdk25.0.3-"), output);
    }

    /** Without JAVA_HOME the version comes from the release file beside the java found on the PATH (a link). */
    @Test
    void withoutJavaHomeTheJavaOnThePathIsAskedThroughItsReleaseFile() throws Exception {
        Path jdk = jdk("25.0.3");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), jdk.resolve("bin/java"));
        ProcessBuilder pb = new ProcessBuilder("sh", LAUNCHER.toString(), "serve");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        List<String> args = run(pb, Map.of());
        assertTrue(option(args, "-XX:AOTCacheOutput=").contains("/conclave-jdk25.0.3-"), args::toString);
    }

    private static void assertNoCache(List<String> args) {
        assertTrue(args.stream().noneMatch(a -> a.contains("AOTCache") || a.contains("SharedArchive")
                || a.contains("ArchiveClasses")), args::toString);
        assertTrue(args.contains("-Xmx512m"), args::toString);
    }

    private static String option(List<String> args, String prefix) {
        List<String> found = args.stream().filter(a -> a.startsWith(prefix)).collect(Collectors.toList());
        assertEquals(1, found.size(), () -> prefix + " in " + args);
        return found.get(0).substring(prefix.length());
    }

    /** A stand-in JDK of this version: its release file and a java that prints its arguments. */
    private Path jdk(String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk-" + version + "/bin"));
        Files.writeString(home.getParent().resolve("release"),
                "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home.getParent();
    }

    private List<String> launch(Path jdk, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", jdk.toString());
        return run(pb, env);
    }

    private List<String> run(ProcessBuilder pb, Map<String, String> env) throws Exception {
        pb.environment().keySet().removeIf(k -> k.startsWith("CONCLAVE_") || k.equals("JAVA_OPTS"));
        pb.environment().put("CONCLAVE_JAR", app.resolve("quarkus-run.jar").toString());
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return List.of(out.split("\n"));
    }
}
