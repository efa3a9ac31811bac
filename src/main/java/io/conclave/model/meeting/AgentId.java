package io.conclave.model.meeting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Ids;
import io.conclave.model.Say;

/**
 * The id of an agent in a meeting: a safe id ({@link Ids}) that is not the service's own name
 * ({@value MeetingMessage#SERVICE_AGENT}, which signs the messages the service posts).
 */
@Documented
@Constraint(validatedBy = AgentId.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface AgentId {
    /** Whether a missing id (null) is accepted. */
    boolean optional() default false;

    /** Whether a blank id is refused as blank text ("must not be blank") before it is judged as an id. */
    boolean text() default false;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Refuses what {@link Ids#problem} refuses, and the service's name. */
    class Check implements ConstraintValidator<AgentId, String> {
        private boolean optional;
        private boolean text;

        @Override
        public void initialize(AgentId annotation) {
            optional = annotation.optional();
            text = annotation.text();
        }

        @Override
        public boolean isValid(String id, ConstraintValidatorContext context) {
            if (id == null && optional) {
                return true;
            }
            if (id != null && text && id.isBlank()) {
                return Say.no(context, "must not be blank");
            }
            String problem = problem(id);
            return problem == null || Say.no(context, problem);
        }

        /** Why {@code id} is no agent of a meeting, or null when it is one. */
        public static String problem(String id) {
            String p = Ids.problem(id);
            if (p == null && MeetingMessage.SERVICE_AGENT.equals(id)) {
                return "'" + id + "' is reserved for messages of the service";
            }
            return p;
        }
    }
}
