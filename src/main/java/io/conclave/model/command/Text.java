package io.conclave.model.command;

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
 * A text field of at most {@link #max()} characters; when {@link #required()}, present and not blank. One problem
 * a field, in this order: "is required", "must not be blank", "is 201 characters long; at most 200".
 */
@Documented
@Constraint(validatedBy = Text.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Text {
    /** The most characters (UTF-16 units, as Java counts them). */
    int max();

    boolean required() default false;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks presence, blankness and length. */
    class Check implements ConstraintValidator<Text, String> {
        private int max;
        private boolean required;

        @Override
        public void initialize(Text annotation) {
            max = annotation.max();
            required = annotation.required();
        }

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return !required || Say.no(context, "is required");
            }
            if (required && text.isBlank()) {
                return Say.no(context, "must not be blank");
            }
            return text.length() <= max || Say.no(context, "is " + text.length() + " characters long; at most " + max);
        }
    }
}
