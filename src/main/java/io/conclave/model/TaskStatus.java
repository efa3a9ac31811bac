package io.conclave.model;

/** Lifecycle of a task. Every transition between these is made by a rule in {@code rules/workflow.drl}. */
public enum TaskStatus {
    PENDING, READY, ASSIGNED, IN_PROGRESS, COMPLETED, FAILED, BLOCKED, SKIPPED, UNASSIGNABLE;

    /** True for statuses a task never leaves under the shipped policy. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == UNASSIGNABLE;
    }
}
