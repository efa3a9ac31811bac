package io.conclave.model;

/**
 * A fact that a command put in (a project's tasks and agents, a meeting's participants and proposals, a
 * conversation's members): the policy decides about it, but may not delete it. A rule that does is cut off
 * and its command refused, so no policy can destroy what agents and operators gave the service. Only a
 * command may give one up: while the rules decide a command whose fact {@link Releasing releases} an input
 * (an operator's update or retirement of an agent), they may delete that input.
 */
public interface CommandInput {
    /** A command fact that asks for inputs to be replaced or removed: the rules may delete those. */
    interface Releasing {
        /** True when this command asks for {@code input} to be replaced or removed. */
        boolean releases(CommandInput input);
    }
}
