package io.conclave.model.command;

import java.util.List;

import io.conclave.model.Problem;

/**
 * A command or request whose fields depend on each other (an interrupt's fields depend on its action, a
 * bid's cost on whether it declines). Bean Validation checks each field; this says what it cannot.
 */
public interface Checked {
    /** The problems between fields, with JSON paths from {@code $}; empty when there are none. */
    List<Problem> crossFieldProblems();
}
