package io.conclave.engine.owner;

import java.util.Set;
import io.conclave.engine.policy.Policy;

/**
 * What the journaled runtime asks of an owner's Drools session, whatever the owner (a project's session, a
 * meeting's or a conversation's clocked one): the policy it runs and what the rules did for the command at hand.
 */
public interface OwnerSession {
    /** The policy the session runs. */
    Policy policy();

    /** True when the command at hand changed the session beyond inserting and answering it. */
    boolean changedThisCommand();

    /** Rule firings of the command at hand. */
    long firedThisCommand();

    /** The chapters whose rules fired for the command at hand. */
    Set<String> chaptersThisCommand();
}
