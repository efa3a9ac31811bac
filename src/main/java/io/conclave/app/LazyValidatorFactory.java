package io.conclave.app;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.validation.ClockProvider;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.ParameterNameProvider;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;

import org.hibernate.validator.HibernateValidatorContext;
import org.hibernate.validator.HibernateValidatorFactory;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;
import org.hibernate.validator.spi.properties.GetterPropertySelectionStrategy;
import org.hibernate.validator.spi.scripting.ScriptEvaluatorFactory;

/**
 * The validator factory built when it is first used, not during the start. Quarkus' Hibernate Validator extension
 * builds the metadata of every constrained class (about 90 request and command records here) in a step of every
 * start, which asks for the factory by type alone; on the project's 2-core machine that was a third of the main
 * thread's samples of a start (docs/benchmarks.md#start-up-benchmark), and no start needs it to be ready.
 *
 * <p>This bean answers that step's unqualified lookup (an alternative wins over the extension's own bean) and hands
 * every call to the extension's factory, which it looks up by the name the extension gives it, so what validates is
 * exactly what the extension configured (its constraint validators, message interpolation, the classes it found).
 * The {@link Validator} the application injects is the extension's, made from that named factory when first
 * injected. {@link Engine} builds it in the background two seconds after the start: a request that needs it
 * before then waits for the build (about 0.8 s on the project's machine), later ones find it built.
 */
@Alternative
@Priority(1)
@Singleton
public class LazyValidatorFactory implements HibernateValidatorFactory {
    /** The name of the extension's factory bean (its processor's {@code VALIDATOR_FACTORY_NAME}). */
    static final String EXTENSIONS_FACTORY = "quarkus-hibernate-validator-factory";

    private final Instance<HibernateValidatorFactory> extensions;

    public LazyValidatorFactory(@Named(EXTENSIONS_FACTORY) Instance<HibernateValidatorFactory> extensions) {
        this.extensions = extensions;
    }

    private HibernateValidatorFactory factory() {
        return extensions.get(); // a singleton: built once, on the first call
    }

    /**
     * Builds the extension's factory now, if it is not built yet, with the application's class loader as the thread's
     * context loader: the factory's generated bean loads the types of what it injects through that loader, and a
     * thread of a background task may hold another (in the test suite, where one JVM runs several applications in
     * turn, a loader of an earlier one: the types then differ from those the bean declared, and the build failed).
     */
    public void build() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(LazyValidatorFactory.class.getClassLoader());
        try {
            factory();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Override
    public Validator getValidator() {
        return factory().getValidator();
    }

    @Override
    public MessageInterpolator getMessageInterpolator() {
        return factory().getMessageInterpolator();
    }

    @Override
    public TraversableResolver getTraversableResolver() {
        return factory().getTraversableResolver();
    }

    @Override
    public ConstraintValidatorFactory getConstraintValidatorFactory() {
        return factory().getConstraintValidatorFactory();
    }

    @Override
    public ParameterNameProvider getParameterNameProvider() {
        return factory().getParameterNameProvider();
    }

    @Override
    public ClockProvider getClockProvider() {
        return factory().getClockProvider();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return factory().unwrap(type);
    }

    /** Nothing: the container closes the extension's factory when it stops. */
    @Override
    public void close() {
    }

    @Override
    public ScriptEvaluatorFactory getScriptEvaluatorFactory() {
        return factory().getScriptEvaluatorFactory();
    }

    @Override
    public Duration getTemporalValidationTolerance() {
        return factory().getTemporalValidationTolerance();
    }

    @Override
    public GetterPropertySelectionStrategy getGetterPropertySelectionStrategy() {
        return factory().getGetterPropertySelectionStrategy();
    }

    @Override
    public PropertyNodeNameProvider getPropertyNodeNameProvider() {
        return factory().getPropertyNodeNameProvider();
    }

    @Override
    public HibernateValidatorContext usingContext() {
        return factory().usingContext();
    }
}
