package io.conclave.model.conversation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Say;

/**
 * A whole number of a conversation request from {@link #min()} to {@link #max()} (both included), when given:
 * "must be a whole number from 1 to 1000000, not 0". The field is a {@link BigInteger}, so that a number beyond the
 * long range (2^64 + 1) is judged out of range as itself, never wrapped into range nor refused as another type.
 */
@Documented
@Constraint(validatedBy = WholeNumber.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface WholeNumber {
    long min();

    long max();

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Judges the number; null is for other constraints to judge. */
    class Check implements ConstraintValidator<WholeNumber, BigInteger> {
        private long min;
        private long max;

        @Override
        public void initialize(WholeNumber annotation) {
            min = annotation.min();
            max = annotation.max();
        }

        @Override
        public boolean isValid(BigInteger value, ConstraintValidatorContext context) {
            if (value == null || value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0) {
                return true;
            }
            return Say.no(context, "must be a whole number from " + min + " to " + max + ", not " + value);
        }
    }
}
