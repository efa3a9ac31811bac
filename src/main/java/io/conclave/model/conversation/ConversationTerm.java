package io.conclave.model.conversation;

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
import io.conclave.model.meeting.Threshold;

/**
 * A word of a conversation's vocabulary (a turn strategy, a consensus threshold, a stance's position); the problem
 * names the words that would do. A missing, blank (when {@link #required()}) or over-long word is left to the
 * field's {@code @Text}, so that a field has one problem.
 */
@Documented
@Constraint(validatedBy = ConversationTerm.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ConversationTerm {
    /** Which vocabulary. */
    Of value();

    /** The longest word the field's {@code @Text} accepts. */
    int max();

    /** Whether the field's {@code @Text} requires the word (then a blank word is its problem, not this one's). */
    boolean required() default false;

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The vocabularies. */
    enum Of { STRATEGY, CONSENSUS, POSITION }

    /** Judges a word against its vocabulary. */
    class Check implements ConstraintValidator<ConversationTerm, String> {
        private ConversationTerm term;

        @Override
        public void initialize(ConversationTerm annotation) {
            term = annotation;
        }

        @Override
        public boolean isValid(String word, ConstraintValidatorContext context) {
            if (word == null || word.length() > term.max() || term.required() && word.isBlank()) {
                return true;
            }
            String problem = problem(term.value(), word);
            return problem == null || Say.no(context, problem);
        }

        /** Why {@code word} is not of the vocabulary {@code of}, or null when it is. */
        static String problem(Of of, String word) {
            return switch (of) {
                case STRATEGY -> TurnStrategy.parse(word) != null ? null
                        : "'" + word + "' is not a turn strategy; use single_agent, round_robin, dynamic or collaborative";
                case CONSENSUS -> Threshold.parse(word) != null && Threshold.parse(word) != Threshold.BFT ? null
                        : "'" + word + "' is not a vote threshold; use majority, two_thirds or unanimous";
                case POSITION -> Stance.SUPPORT.equals(word) || Stance.OPPOSE.equals(word) ? null
                        : "'" + word + "' is not a position; use support or oppose";
            };
        }
    }
}
