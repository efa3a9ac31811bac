package io.conclave.model.scheduling;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Say;

/** A date of a negotiation: required, in the years 1900 to 9999. */
@Documented
@Constraint(validatedBy = Day.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Day {
    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses a missing date or one outside the years. */
    class Check implements ConstraintValidator<Day, LocalDate> {
        @Override
        public boolean isValid(LocalDate d, ConstraintValidatorContext context) {
            if (d == null) {
                return Say.no(context, "is required");
            }
            return d.getYear() >= 1900 && d.getYear() <= 9999 || Say.no(context, "must be in the years 1900-9999, was " + d);
        }
    }
}
