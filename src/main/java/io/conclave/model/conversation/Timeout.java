package io.conclave.model.conversation;

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
 * A conversation's timeout in seconds, when given: above 0 and at most a year ({@value #MAX_SECONDS}), and at least
 * one millisecond, since the clock counts milliseconds and less would end the conversation as it opens.
 */
@Documented
@Constraint(validatedBy = Timeout.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Timeout {
    /** A year, in seconds. */
    long MAX_SECONDS = 31_536_000;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Judges the seconds; null is an absent timeout. */
    class Check implements ConstraintValidator<Timeout, Double> {
        @Override
        public boolean isValid(Double seconds, ConstraintValidatorContext context) {
            if (seconds == null) {
                return true;
            }
            if (!Double.isFinite(seconds) || seconds <= 0 || seconds > MAX_SECONDS) {
                return Say.no(context, "must be a number above 0 and at most " + MAX_SECONDS + ", not " + seconds);
            }
            return seconds >= 0.001 || Say.no(context, "must be at least 0.001 (one millisecond), not " + seconds);
        }
    }
}
