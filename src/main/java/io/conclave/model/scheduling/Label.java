package io.conclave.model.scheduling;

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

/** A name in a negotiation (a meeting's, a participant's, a commitment's meeting): not empty, at most 200 characters. */
@Documented
@Constraint(validatedBy = Label.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Label {
    /** The most characters. */
    int MAX = 200;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses a missing, blank or long name. */
    class Check implements ConstraintValidator<Label, String> {
        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            if (name == null || name.isBlank()) {
                return Say.no(context, "must not be empty");
            }
            return name.length() <= MAX || Say.no(context, "must be at most " + MAX + " characters");
        }
    }
}
