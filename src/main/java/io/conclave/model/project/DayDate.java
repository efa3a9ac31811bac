package io.conclave.model.project;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Say;

/** A day on its own (an agent's availability): required, "2024-01-15". */
@Documented
@Constraint(validatedBy = DayDate.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface DayDate {
    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reads the day as {@link LocalDate#parse} does. */
    class Check implements ConstraintValidator<DayDate, String> {
        @Override
        public boolean isValid(String date, ConstraintValidatorContext context) {
            try {
                LocalDate.parse(String.valueOf(date));
                return true;
            } catch (DateTimeParseException e) {
                return Say.no(context, "must be a date like 2024-01-15, was " + date);
            }
        }
    }
}
