package io.conclave;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

import io.conclave.api.ApiError;
import io.conclave.api.ApiException;

/**
 * The layers point one way: the doors (REST, dashboard, command line) call the application, which drives
 * the simulator and the engine; the engine journals; everything speaks the model. Checked on the
 * compiled classes, so an import that runs back up fails the build.
 */
class LayersTest {
    /** The compiled main classes, read from their folder: scanning the class path for the package took ~10 s. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .importPath(Path.of("target", "classes", "io", "conclave"));

    @Test
    void dependenciesPointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("doors").definedBy("io.conclave.api..", "io.conclave.ui..", "io.conclave.cli..")
                .layer("app").definedBy("io.conclave.app..")
                .layer("sim").definedBy("io.conclave.sim..")
                .layer("engine").definedBy("io.conclave.engine..")
                .layer("journal").definedBy("io.conclave.journal..")
                .layer("model").definedBy("io.conclave.model..")
                .whereLayer("doors").mayNotBeAccessedByAnyLayer()
                .whereLayer("app").mayOnlyBeAccessedByLayers("doors")
                .whereLayer("sim").mayOnlyBeAccessedByLayers("doors", "app")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("doors", "app", "sim")
                .whereLayer("journal").mayOnlyBeAccessedByLayers("doors", "app", "sim", "engine")
                .check(CLASSES);
    }

    /** A door asks the application layer and answers with its views. */
    private static final ArchRule DOORS = noClasses()
            .that().resideInAnyPackage("io.conclave.api..", "io.conclave.ui..", "io.conclave.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("io.conclave.engine..", "io.conclave.journal..",
                    "io.conclave.sim..")
            .because("a door asks the application layer and answers with its views; it never holds a session");

    /** A page asks the application as a resource does. */
    private static final ArchRule PAGES = noClasses().that().resideInAPackage("io.conclave.ui..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.conclave.api..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.conclave.api.security..")))
                    .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(ApiException.class,
                            ApiError.class, ApiError.Detail.class))))
            .because("a page asks the application layer, as a resource does; what both doors share is who is "
                    + "calling (api.security) and the shape of a refusal (ApiException)");

    /** No door holds the registries of owners. */
    private static final ArchRule REGISTRIES = noClasses().that().resideInAnyPackage("io.conclave.api..", "io.conclave.ui..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.conclave..")
                    .and(JavaClass.Predicates.simpleNameEndingWith("Registry")))
            .because("a door asks an application service for an owner; it never holds the registries");

    @Test
    void doorsUseTheApplicationAndTheModelOnly() {
        DOORS.check(CLASSES);
    }

    @Test
    void pagesDoNotCallResources() {
        PAGES.check(CLASSES);
    }

    @Test
    void resourcesAndPagesReachOwnersThroughTheApplication() {
        REGISTRIES.check(CLASSES);
    }

    /**
     * The rules catch what they forbid: two classes of the test sources break them on purpose, a door holding the
     * project registry (api.planted.PlantedDoor) and a page using a resource's type (ui.planted.PlantedPage). Each
     * rule fails on them, naming the class and the type it reached for.
     */
    @Test
    void aPlantedViolationFails() {
        JavaClasses planted = new ClassFileImporter().importPaths(
                Path.of("target", "test-classes", "io", "conclave", "api", "planted"),
                Path.of("target", "test-classes", "io", "conclave", "ui", "planted"));
        assertEquals(2, planted.size());
        assertViolation(DOORS, planted, "PlantedDoor", "engine.project.ProjectRegistry");
        assertViolation(REGISTRIES, planted, "PlantedDoor", "ProjectRegistry");
        assertViolation(PAGES, planted, "PlantedPage", "api.project.ProjectCreated");
    }

    private static void assertViolation(ArchRule rule, JavaClasses classes, String offender, String reached) {
        AssertionError e = assertThrows(AssertionError.class, () -> rule.check(classes));
        assertTrue(e.getMessage().contains(offender) && e.getMessage().contains(reached), e.getMessage());
    }
}
