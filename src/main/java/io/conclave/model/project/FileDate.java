package io.conclave.model.project;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Dates;
import io.conclave.model.Say;

/**
 * A date of a project file, when given ({@link Dates}: "2024-01-15T09:00:00", "2024-01-15", or with an offset), in
 * the years 1900 to 9999: a later year would sort before 2024 in the serving order's text key.
 */
@Documented
@Constraint(validatedBy = FileDate.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface FileDate {
    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reads the date as the project's facts will. */
    class Check implements ConstraintValidator<FileDate, String> {
        @Override
        public boolean isValid(String date, ConstraintValidatorContext context) {
            LocalDateTime parsed;
            try {
                parsed = Dates.parse(date);
            } catch (DateTimeParseException e) {
                return Say.no(context, "'" + date + "' is not a date (use 2024-01-15T09:00:00 or 2024-01-15)");
            }
            return parsed == null || parsed.getYear() >= 1900 && parsed.getYear() <= 9999
                    || Say.no(context, "'" + date + "' is outside the years 1900 to 9999");
        }
    }
}
