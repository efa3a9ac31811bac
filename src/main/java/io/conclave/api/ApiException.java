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

    /** The HTTP status of a refusal of this kind, for REST answers and the dashboard's pages alike. */
    public static int status(io.conclave.model.CommandException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case POLICY -> 422;
            case UNAVAILABLE -> 503;
            case BUSY -> 429;
        };
    }

    /** 422 {@code invalid_policy}: every compiler error at its file, line and column. */
    public static ApiException invalidPolicy(List<io.conclave.model.policy.PolicyMessage> messages, String message) {
        List<ApiError.Detail> details = messages.stream().filter(io.conclave.model.policy.PolicyMessage::isError)
                .map(m -> new ApiError.Detail(m.file() + ":" + m.line() + ":" + m.column(), m.message(), m.file(),
                        m.line(), m.column()))
                .toList();
        return new ApiException(422, "invalid_policy", message, details);
    }

    public static ApiException badRequest(String error, String message, List<ApiError.Detail> details) {
        return new ApiException(400, error, message, details);
    }

    public int status() { return status; }
    public String error() { return error; }
    public List<ApiError.Detail> details() { return details; }
}
