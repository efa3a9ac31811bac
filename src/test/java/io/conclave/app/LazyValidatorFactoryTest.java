package io.conclave.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.hibernate.validator.HibernateValidatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.conclave.model.command.SendInterrupt;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The start's lookup of the validator factory by type (Quarkus' Hibernate Validator extension asks for it in a step
 * of every start, which then built the metadata of every constrained class) gets {@link LazyValidatorFactory}, and
 * what it validates with is the extension's own factory, as configured by the extension.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
public class LazyValidatorFactoryTest {
    @Inject
    Validator validator;

    @Test
    void theStartsLookupGetsTheLazyFactory() {
        HibernateValidatorFactory byType = Arc.container().instance(HibernateValidatorFactory.class).get();
        assertInstanceOf(LazyValidatorFactory.class, byType);
        HibernateValidatorFactory extensions = Arc.container().instance(HibernateValidatorFactory.class,
                jakarta.enterprise.inject.literal.NamedLiteral.of(LazyValidatorFactory.EXTENSIONS_FACTORY)).get();
        assertNotSame(byType, extensions);
        assertEquals(extensions.getMessageInterpolator(), byType.getMessageInterpolator(),
                "every call goes to the extension's factory");
    }

    /**
     * The application's validator interpolates the expression in a constraint's message: the extension's message
     * interpolation (a factory built by hand with parameters only would leave {@code ${validatedValue}} as it is).
     */
    @Test
    void validatesWithTheExtensionsConfiguration() {
        for (Validator v : List.of(validator, Arc.container().instance(HibernateValidatorFactory.class).get()
                .getValidator())) {
            Set<ConstraintViolation<SendInterrupt>> found = v.validate(
                    new SendInterrupt("reprioritise", "t1", 9, null, null));
            assertEquals(List.of("must be from 1 to 5, was 9"),
                    found.stream().map(ConstraintViolation::getMessage).toList());
        }
    }
}
