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

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Say;
import io.conclave.model.scheduling.DayTime;

/**
 * A time of day of a project file ({@link DayTime}): hours as a number (9.5) or "HH:MM", up to 24:00. A missing field
 * (null) is a problem when {@link #required()}; a JSON null never reads as a time. The problem is "must be " +
 * {@link #words()} + ", was " + the value as JSON.
 */
@Documented
@Constraint(validatedBy = TimeOfDay.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeOfDay {
    /** The forms named in the problem, such as {@code "HH:MM" or hours (9.5)}. */
    String words();

    boolean required() default false;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reads the value as {@link DayTime#minutes} does. */
    class Check implements ConstraintValidator<TimeOfDay, JsonNode> {
        private TimeOfDay time;

        @Override
        public void initialize(TimeOfDay annotation) {
            time = annotation;
        }

        @Override
        public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
            if (value == null && !time.required() || DayTime.minutes(value) != null) {
                return true;
            }
            return Say.no(context, "must be " + time.words() + ", was " + value);
        }
    }
}
