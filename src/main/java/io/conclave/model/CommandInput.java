package io.conclave.model;

/**
 * A fact that a command put in (a project's tasks and agents, a meeting's participants and proposals, a
 * conversation's members): the policy decides about it, but may not delete it. A rule that does is cut off
 * and its command refused, so no policy can destroy what agents and operators gave the service.
 */
public interface CommandInput {
}
