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

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import io.conclave.model.Ids;

/**
 * An id that may become a file name ({@link Ids}): required unless the field is optional. The message
 * names the refused id as a message parameter, escaped so that Bean Validation takes it as text, never as an
 * expression.
 */
@Documented
@Constraint(validatedBy = SafeId.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeId {
    /** Whether a missing id (null) is accepted. */
    boolean optional() default false;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses what {@link Ids#problem} refuses. */
    class Check implements ConstraintValidator<SafeId, String> {
        private boolean optional;

        @Override
        public void initialize(SafeId annotation) {
            optional = annotation.optional();
        }

        @Override
        public boolean isValid(String id, ConstraintValidatorContext context) {
            if (id == null && optional) {
                return true;
            }
            String problem = Ids.problem(id);
            if (problem == null) {
                return true;
            }
            // escaped: Hibernate Validator evaluates the expressions in a message after the parameters are put in,
            // so an id such as ${1+1} would otherwise come back as '2' (an expression of the caller's, evaluated)
            context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("problem", literal(problem));
            return false;
        }

        /** {@code text} as a literal of a message template: no parameter, no expression. */
        static String literal(String text) {
            return text.replace("\\", "\\\\").replace("$", "\\$").replace("{", "\\{").replace("}", "\\}");
        }
    }
}
