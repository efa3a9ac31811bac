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

/** The grain candidate start times step by: minutes that divide the hour, so every hour starts on a step. */
@Documented
@Constraint(validatedBy = Grain.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Grain {
    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses minutes that do not divide 60. */
    class Check implements ConstraintValidator<Grain, Integer> {
        @Override
        public boolean isValid(Integer minutes, ConstraintValidatorContext context) {
            return minutes != null && minutes > 0 && 60 % minutes == 0
                    || Say.no(context, "must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60), was " + minutes);
        }
    }
}
