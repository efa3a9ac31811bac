package io.conclave.model.project;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DayOfWeek;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import io.conclave.model.ProjectSpec;
import io.conclave.model.Say;

/**
 * The working days of a project's calendar, when given: at least one, each a day's name
 * ({@link ProjectSpec.Scheduling#day}), none twice. A day's problem is at its index ({@code working_days[2]}).
 */
@Documented
@Constraint(validatedBy = WorkingDays.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface WorkingDays {
    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Judges the list as a whole and day by day. */
    class Check implements ConstraintValidator<WorkingDays, List<String>> {
        @Override
        public boolean isValid(List<String> days, ConstraintValidatorContext context) {
            if (days == null) {
                return true;
            }
            if (days.isEmpty()) {
                return Say.no(context, "must name at least one day");
            }
            boolean fine = true;
            Set<DayOfWeek> seen = new HashSet<>();
            for (int i = 0; i < days.size(); i++) {
                DayOfWeek d = ProjectSpec.Scheduling.day(days.get(i));
                String problem = d == null ? "unknown day '" + days.get(i) + "': use one of "
                        + ProjectSpec.Scheduling.DAY_NAMES : seen.add(d) ? null : "duplicate day '" + days.get(i) + "'";
                if (problem != null) {
                    if (fine) {
                        context.disableDefaultConstraintViolation();
                    }
                    fine = false;
                    context.unwrap(HibernateConstraintValidatorContext.class)
                            .addMessageParameter("d" + i, Say.literal(problem))
                            .buildConstraintViolationWithTemplate("{d" + i + "}")
                            .addContainerElementNode("<list element>", List.class, 0).inIterable().atIndex(i)
                            .addConstraintViolation();
                }
            }
            return fine;
        }
    }
}
