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

/**
 * A stretch of one day ({@link TimeRange}) starts and ends within the day (00:00 to 24:00) and ends after it starts;
 * the problems are at {@code start_time} and {@code end_time}, as a request writes them.
 */
@Documented
@Constraint(validatedBy = WithinDay.Check.class)
@Target({ElementType.TYPE, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WithinDay {
    String message() default "must be within a day";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Judges the start and the end. */
    class Check implements ConstraintValidator<WithinDay, TimeRange> {
        @Override
        public boolean isValid(TimeRange r, ConstraintValidatorContext context) {
            java.util.List<io.conclave.model.Problem> problems = NegotiationValidator.times(r.start(), r.end(), "");
            for (int i = 0; i < problems.size(); i++) {
                io.conclave.model.Say.at(context, problems.get(i).path().substring(1), problems.get(i).message(), i);
            }
            return problems.isEmpty();
        }
    }
}
