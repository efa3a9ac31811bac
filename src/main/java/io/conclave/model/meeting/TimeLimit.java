package io.conclave.model.meeting;

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

/** A time limit of a meeting, when given: minutes above 0 and at most a year (525,600). */
@Documented
@Constraint(validatedBy = TimeLimit.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeLimit {
    /** A year, in minutes. */
    double MAX = 525_600;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses what is not a finite number of minutes in (0, a year]. */
    class Check implements ConstraintValidator<TimeLimit, Double> {
        @Override
        public boolean isValid(Double minutes, ConstraintValidatorContext context) {
            if (minutes == null || Double.isFinite(minutes) && minutes > 0 && minutes <= MAX) {
                return true;
            }
            String shown = minutes == Math.rint(minutes) && Math.abs(minutes) < 1e15
                    ? Long.toString(minutes.longValue()) : minutes.toString();
            return Say.no(context, "must be a number of minutes above 0 and at most a year, not " + shown);
        }
    }
}
