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

/** A capability's name: not blank; missing (null) only when {@link #optional()}. */
@Documented
@Constraint(validatedBy = Name.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Name {
    boolean optional() default false;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses blank names, and missing ones unless optional. */
    class Check implements ConstraintValidator<Name, String> {
        private boolean optional;

        @Override
        public void initialize(Name annotation) {
            optional = annotation.optional();
        }

        @Override
        public boolean isValid(String name, ConstraintValidatorContext context) {
            if (name == null ? optional : !name.isBlank()) {
                return true;
            }
            return Say.no(context, "must be a non-empty name");
        }
    }
}
