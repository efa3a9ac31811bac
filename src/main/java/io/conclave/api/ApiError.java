package io.conclave.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of the API: a machine-readable code, a sentence for people, and the problems
 * one by one, each with a JSON path (or a rule file position) where it applies.
 */
public record ApiError(String error, String message, List<Detail> details) {

    /** One problem: where ({@code $.tasks[2].priority}, or {@code assignment.drl:12:4}) and what. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ApiErrorDetail")
    public record Detail(String path, String message, String file, Integer line, Integer column) {
        public static Detail at(String path, String message) {
            return new Detail(path, message, null, null, null);
        }
    }
}
