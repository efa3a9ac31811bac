package io.conclave.model.command;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.TreeSet;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Say;
import io.conclave.model.meeting.MessageSchema;

/**
 * A posted message has the fields of its type ({@link MessageSchema#FIELDS}): each required one, present and not
 * blank, and no field of another type (a typo must not be dropped silently). A message of no known type is the
 * type's own constraint to refuse.
 */
@Documented
@Constraint(validatedBy = MessageFields.Check.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface MessageFields {
    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Judges the fields a message has against those of its type. */
    class Check implements ConstraintValidator<MessageFields, PostToMeeting> {
        @Override
        public boolean isValid(PostToMeeting message, ConstraintValidatorContext context) {
            Map<String, Boolean> fields = message.messageType() == null ? null
                    : MessageSchema.FIELDS.get(message.messageType());
            if (fields == null) {
                return true;
            }
            int n = 0;
            for (Map.Entry<String, String> f : message.typedFields().entrySet()) {
                Boolean required = fields.get(f.getKey());
                String problem = null;
                if (required == null && f.getValue() != null) {
                    problem = "is not a field of a " + message.messageType() + " message; its fields are "
                            + new TreeSet<>(fields.keySet());
                } else if (Boolean.TRUE.equals(required) && f.getValue() == null) {
                    problem = "is required";
                } else if (Boolean.TRUE.equals(required) && f.getValue().isBlank()) {
                    problem = "must not be blank";
                }
                if (problem != null) {
                    Say.at(context, PostToMeeting.javaName(f.getKey()), problem, n++);
                }
            }
            return n == 0;
        }
    }
}
