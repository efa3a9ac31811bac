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

import io.conclave.model.ProjectSpec;
import io.conclave.model.Say;
import io.conclave.model.scheduling.DayTime;

/**
 * A span of a day ends after it starts: a working day ({@link ProjectSpec.WorkingHours}, 09:00 and 17:00 where a time
 * is missing) or a time an agent is free ({@link ProjectSpec.Availability}). Judged only when both times read (a time
 * that does not read is {@link TimeOfDay}'s problem); the problem is at the end.
 */
@Documented
@Constraint(validatedBy = {EndsAfterStart.Hours.class, EndsAfterStart.Free.class})
@Target({ElementType.TYPE, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface EndsAfterStart {
    String message() default "must end after it starts";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A working day's hours. */
    class Hours implements ConstraintValidator<EndsAfterStart, ProjectSpec.WorkingHours> {
        @Override
        public boolean isValid(ProjectSpec.WorkingHours wh, ConstraintValidatorContext context) {
            Integer start = wh.start() == null ? Integer.valueOf(9 * 60) : DayTime.minutes(wh.start());
            Integer end = wh.end() == null ? Integer.valueOf(17 * 60) : DayTime.minutes(wh.end());
            if (start == null || end == null || end > start) {
                return true;
            }
            Say.at(context, "end", "must be after start", 0);
            return false;
        }
    }

    /** A time an agent is free. */
    class Free implements ConstraintValidator<EndsAfterStart, ProjectSpec.Availability> {
        @Override
        public boolean isValid(ProjectSpec.Availability a, ConstraintValidatorContext context) {
            Integer start = DayTime.minutes(a.startTime());
            Integer end = DayTime.minutes(a.endTime());
            if (start == null || end == null || end > start) {
                return true;
            }
            Say.at(context, "endTime", "must be after start_time", 0);
            return false;
        }
    }
}
