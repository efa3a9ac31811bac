package io.conclave.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for the classes that edit, propose, activate and roll out policies over REST or on disk
 * ({@link HostilePolicyTest}, {@link HotReloadTest}, {@link PolicyLifecycleResourceTest},
 * {@code policy.RolloutResourceTest}): a copy of the shipped rules (activations rewrite the rules folder, and a PUT
 * that got through must not touch rules/), watched as a service's folder is by default, with a short quiet time
 * (200 ms) and poll (500 ms) so that an edit on disk goes live within a test's patience; and a data folder. Each of
 * these classes puts the shipped rules back before each of its tests, so they can share the application; one
 * application instead of four saves the suite the building and starting of three.
 * The folders are named after this JVM: the profile is loaded by the test's class loader and by the application's,
 * and both must name the same folders.
 */
public class PolicyFolders implements QuarkusTestProfile {
    static final String RUN = ProcessHandle.current().pid() + "-"
            + java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    public static final Path RULES = folder("policy-rules-" + RUN, true);
    public static final Path DATA = folder("policy-data-" + RUN, false);

    private static Path folder(String name, boolean rules) {
        try {
            Path p = Files.createDirectories(Path.of("target", "rest-test-folders", name)).toAbsolutePath();
            if (rules) {
                ApiSupport.restoreShippedRules(p);
            }
            return p;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Puts the shipped rules back in the profile's folder and has the service reload them; the version then active. */
    public static String shippedIsLive() {
        ApiSupport.restoreShippedRules(RULES);
        return ApiSupport.api().when().post("/api/rules/reload").then().statusCode(200).extract().path("active_version");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return ApiSupport.profile(Map.of("conclave.rules-dir", RULES.toString(), "conclave.data-dir", DATA.toString(),
                "conclave.watch-rules", "true", "conclave.watch-quiet-millis", "200", "conclave.watch-poll-millis", "500"));
    }
}
