package io.conclave.api;

import java.util.List;

/** A refusal decided in the REST layer (bad input before it reaches the engine). */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final List<ApiError.Detail> details;

    public ApiException(int status, String error, String message, List<ApiError.Detail> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = List.copyOf(details);
    }

    public static ApiException badRequest(String error, String message, List<ApiError.Detail> details) {
        return new ApiException(400, error, message, details);
    }

    public int status() { return status; }
    public String error() { return error; }
    public List<ApiError.Detail> details() { return details; }
}
