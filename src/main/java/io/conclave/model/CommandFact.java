package io.conclave.model;

/**
 * A command fact an agent or the operator posts to a project's rules (a bid, a request to announce):
 * the rules consume it or refuse it. Inserting and answering it alone is not a change of the project,
 * so a refused command needs no roll-back.
 */
public interface CommandFact {
}
