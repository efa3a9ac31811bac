package io.conclave.api.project;

import java.util.List;

import io.conclave.api.ApiError;

/**
 * A project created: its id, and the unknown fields of its file that were ignored (present only when
 * {@code conclave.projects.allow-unknown-fields} is true and the file had some).
 */
public record ProjectCreated(String projectId,
                             @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                             List<ApiError.Detail> warnings) {
}
