package io.conclave;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

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

    @Test
    void doorsUseTheApplicationAndTheModelOnly() {
        noClasses().that().resideInAnyPackage("io.conclave.api..", "io.conclave.ui..", "io.conclave.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.conclave.engine..", "io.conclave.journal..",
                        "io.conclave.sim..")
                .because("a door asks the application layer and answers with its views; it never holds a session")
                .check(CLASSES);
    }

    @Test
    void pagesDoNotCallResources() {
        noClasses().that().resideInAPackage("io.conclave.ui..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.conclave.api..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.conclave.api.security..")))
                        .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(ApiException.class,
                                ApiError.class, ApiError.Detail.class))))
                .because("a page asks the application layer, as a resource does; what both doors share is who is "
                        + "calling (api.security) and the shape of a refusal (ApiException)")
                .check(CLASSES);
    }

    @Test
    void resourcesAndPagesReachOwnersThroughTheApplication() {
        noClasses().that().resideInAnyPackage("io.conclave.api..", "io.conclave.ui..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.conclave..")
                        .and(JavaClass.Predicates.simpleNameEndingWith("Registry")))
                .because("a door asks an application service for an owner; it never holds the registries")
                .check(CLASSES);
    }
}
