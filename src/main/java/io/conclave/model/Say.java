package io.conclave.model;

import jakarta.validation.ConstraintValidatorContext;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * How Conclave's own constraints word a problem: the text is put in as a message parameter, escaped, so that Bean
 * Validation takes a value the client sent ({@code ${1+1}}) as text, never as an expression to evaluate.
 */
public final class Say {
    private Say() {
    }

    /**
     * The field's problem is {@code problem} (its constraint's message must be {@code "{problem}"}); false, for
     * {@code return Say.no(context, ...)} in a validator.
     */
    public static boolean no(ConstraintValidatorContext context, String problem) {
        context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("problem", literal(problem));
        return false;
    }

    /**
     * A problem at the record's {@code property} from a constraint on the whole record; {@code n} numbers the
     * problems one validator reports, so that each keeps its own text.
     */
    public static void at(ConstraintValidatorContext context, String property, String problem, int n) {
        context.disableDefaultConstraintViolation();
        context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("p" + n, literal(problem))
                .buildConstraintViolationWithTemplate("{p" + n + "}").addPropertyNode(property)
                .addConstraintViolation();
    }

    /** {@code text} as a literal of a message template: no parameter, no expression. */
    public static String literal(String text) {
        return text.replace("\\", "\\\\").replace("$", "\\$").replace("{", "\\{").replace("}", "\\}");
    }
}
