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

import io.conclave.model.Say;

/**
 * A word of the meeting vocabulary, when present: a threshold, a vote, a meeting state, a message type, or the
 * status a new proposal may state. The problem names the words that would do.
 */
@Documented
@Constraint(validatedBy = MeetingTerm.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface MeetingTerm {
    /** Which vocabulary. */
    Of value();

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The vocabularies. */
    enum Of { THRESHOLD, VOTE, STATE, MESSAGE_TYPE, PROPOSAL_STATUS }

    /** Judges a word against its vocabulary; null is for other constraints to judge. */
    class Check implements ConstraintValidator<MeetingTerm, String> {
        private Of of;

        @Override
        public void initialize(MeetingTerm annotation) {
            of = annotation.value();
        }

        @Override
        public boolean isValid(String word, ConstraintValidatorContext context) {
            String problem = word == null ? null : problem(of, word);
            return problem == null || Say.no(context, problem);
        }

        /** Why {@code word} is not of the vocabulary {@code of}, or null when it is. */
        public static String problem(Of of, String word) {
            return switch (of) {
                case THRESHOLD -> Threshold.parse(word) != null ? null
                        : "'" + word + "' is not a threshold; use majority, two_thirds, unanimous or bft";
                case VOTE -> VoteValue.parse(word) != null ? null : "'" + word + "' is not a vote; use yes, no or abstain";
                case STATE -> MeetingState.parse(word) != null ? null
                        : "'" + word + "' is not a meeting state; use open, discussion, voting, closed or archived";
                case MESSAGE_TYPE -> MessageSchema.FIELDS.containsKey(word) ? null
                        : "'" + word + "' is not a message type; use one of " + MessageSchema.FIELDS.keySet();
                case PROPOSAL_STATUS -> "proposed".equals(word) ? null
                        : "a new proposal is 'proposed'; the vote decides the rest";
            };
        }
    }
}
