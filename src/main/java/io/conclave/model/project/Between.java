package io.conclave.model.project;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Say;

/**
 * A number of a project file within {@link #min()}..{@link #max()} (both included), when given; NaN never is. The
 * problem names the range and the value as Java prints it: "must be between 1 and 5, was 6", "must be between 0 and
 * 10000, was -1.0", "must be at least 1, was 0" (no upper bound), or {@link #words()} followed by the value.
 */
@Documented
@Constraint(validatedBy = Between.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Between {
    double min();

    /** The largest value; none when infinite. */
    double max() default Double.POSITIVE_INFINITY;

    /** Whether {@link #min()} itself is refused ("above 0"). */
    boolean aboveMin() default false;

    /** Whether a missing value (null) is a problem: "..., was null" (a level in a map of levels). */
    boolean required() default false;

    /** The words of the problem before ", was <value>", when the range's own words do not do. */
    String words() default "";

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Judges an Integer or a Double. */
    class Check implements ConstraintValidator<Between, Number> {
        private Between range;

        @Override
        public void initialize(Between annotation) {
            range = annotation;
        }

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            if (value == null) {
                return !range.required() || Say.no(context, words() + ", was null");
            }
            double v = value.doubleValue();
            boolean fine = (range.aboveMin() ? v > range.min() : v >= range.min()) && v <= range.max();
            return fine || Say.no(context, words() + ", was " + value);
        }

        private String words() {
            if (!range.words().isEmpty()) {
                return range.words();
            }
            return range.max() == Double.POSITIVE_INFINITY ? "must be at least " + shown(range.min())
                    : "must be between " + shown(range.min()) + " and " + shown(range.max());
        }

        /** A bound as a file writes it: 5, 10000, 0.01. */
        static String shown(double bound) {
            return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound)
                    : Double.toString(bound);
        }
    }
}
