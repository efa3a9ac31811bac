package io.conclave.model;

/**
 * Lifecycle of a task. Every transition between these is made by a rule ({@code rules/workflow/workflow.drl}
 * and the coordination patterns). ANNOUNCED: a contract-net task whose call for proposals is open.
 */
public enum TaskStatus {
    PENDING, READY, ANNOUNCED, ASSIGNED, IN_PROGRESS, COMPLETED, FAILED, BLOCKED, SKIPPED, UNASSIGNABLE;

    /** True for statuses a task never leaves under the shipped policy. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == UNASSIGNABLE;
    }
}
