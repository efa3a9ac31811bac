package io.conclave.model.scheduling;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Say;

/**
 * A list of a negotiation with {@link #min()} to {@link #max()} entries, limits that keep one request from occupying
 * the service: the problem is {@link #words()} followed by ", listed " and the count.
 */
@Documented
@Constraint(validatedBy = Listed.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Listed {
    int min() default 0;

    int max();

    /** What the list may hold, as the problem says it: "at most 1000 entries". */
    String words();

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Counts the entries; a missing list has none. */
    class Check implements ConstraintValidator<Listed, Collection<?>> {
        private Listed listed;

        @Override
        public void initialize(Listed annotation) {
            listed = annotation;
        }

        @Override
        public boolean isValid(Collection<?> list, ConstraintValidatorContext context) {
            int n = list == null ? 0 : list.size();
            return n >= listed.min() && n <= listed.max() || Say.no(context, listed.words() + ", listed " + n);
        }
    }
}
