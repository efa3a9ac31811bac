package io.conclave.model.project;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.conclave.model.Coordination;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Say;
import io.conclave.model.run.RunRequest;

/**
 * A word of the project file's vocabulary, when given: an execution mode, a scheduling mode, a coordination pattern,
 * or what a decomposed task does when a subtask fails. The problem names the words that would do.
 */
@Documented
@Constraint(validatedBy = Term.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Term {
    /** Which vocabulary. */
    Of value();

    String message() default "{problem}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The vocabularies. */
    enum Of { EXECUTION_MODE, SCHEDULING_MODE, COORDINATION, ON_SUBTASK_FAILURE }

    /** Judges a word against its vocabulary; null is not judged. */
    class Check implements ConstraintValidator<Term, String> {
        private Of of;

        @Override
        public void initialize(Term annotation) {
            of = annotation.value();
        }

        @Override
        public boolean isValid(String word, ConstraintValidatorContext context) {
            String problem = word == null ? null : problem(of, word);
            return problem == null || Say.no(context, problem);
        }

        /** Why {@code word} is not of the vocabulary {@code of}, or null when it is. */
        static String problem(Of of, String word) {
            return switch (of) {
                case EXECUTION_MODE -> RunRequest.MODES.contains(word) ? null
                        : "unknown mode '" + word + "': use one of " + RunRequest.MODES;
                case SCHEDULING_MODE -> ProjectSpec.Scheduling.MODES.contains(word) ? null
                        : "unknown mode '" + word + "': use one of " + ProjectSpec.Scheduling.MODES;
                case COORDINATION -> Coordination.parse(word) != null ? null
                        : "unknown pattern '" + word + "': use one of " + Coordination.names();
                case ON_SUBTASK_FAILURE -> List.of("fail", "continue").contains(word) ? null
                        : "must be \"fail\" or \"continue\", was '" + word + "'";
            };
        }
    }
}
