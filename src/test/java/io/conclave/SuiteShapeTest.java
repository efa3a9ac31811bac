package io.conclave;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The suite runs test classes that start no application beside the ones that do (JUnit's parallel
 * execution, configured in the pom). That is safe only while every class that starts Quarkus runs on the
 * engine's own thread, one after another: a {@code @QuarkusTest} left concurrent would start a second
 * application beside the first. This keeps the marking on every such class, including ones added later.
 */
class SuiteShapeTest {
    /** The compiled test classes, read from their folder: scanning the class path for the package took ~10 s. */
    private static final JavaClasses TESTS = new ClassFileImporter()
            .importPath(Path.of("target", "test-classes", "io", "conclave"));

    private static final DescribedPredicate<JavaClass> STARTS_QUARKUS = new DescribedPredicate<>(
            "annotated @QuarkusTest or @QuarkusIntegrationTest") {
        @Override
        public boolean test(JavaClass c) {
            return c.isAnnotatedWith("io.quarkus.test.junit.QuarkusTest")
                    || c.isAnnotatedWith("io.quarkus.test.junit.QuarkusIntegrationTest");
        }
    };

    @Test
    void everyClassThatStartsQuarkusRunsOnTheEnginesThread() {
        classes().that(STARTS_QUARKUS).should(new ArchCondition<>("be annotated @Execution(SAME_THREAD)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean sameThread = c.tryGetAnnotationOfType(Execution.class)
                        .map(e -> e.value() == ExecutionMode.SAME_THREAD).orElse(false);
                events.add(new SimpleConditionEvent(c, sameThread, c.getName()
                        + (sameThread ? " runs" : " does not run") + " on the engine's thread"));
            }
        }).check(TESTS);
    }
}
