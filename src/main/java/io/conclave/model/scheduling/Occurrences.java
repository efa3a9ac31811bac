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

/**
 * How many times a recurring meeting is held: 1 to {@link NegotiationValidator#MAX_OCCURRENCES}, or not said yet
 * ({@link Recurrence#UNSPECIFIED}: a recurrence named by a word, whose count the policy sets).
 */
@Documented
@Constraint(validatedBy = Occurrences.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Occurrences {
    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses a count out of range. */
    class Check implements ConstraintValidator<Occurrences, Integer> {
        @Override
        public boolean isValid(Integer count, ConstraintValidatorContext context) {
            return count == null || count == Recurrence.UNSPECIFIED
                    || count >= 1 && count <= NegotiationValidator.MAX_OCCURRENCES
                    || Say.no(context, "must be between 1 and " + NegotiationValidator.MAX_OCCURRENCES + ", was " + count);
        }
    }
}
