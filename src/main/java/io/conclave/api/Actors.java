package io.conclave.api;

import java.util.List;

import io.conclave.model.Ids;

/**
 * Who is acting. Agents name themselves in the body of their reports; administrative commands
 * (create, run, delete, rule edits) may name their actor in the {@code X-Conclave-Actor} header and
 * default to "operator". Every journal entry records it.
 */
final class Actors {
    static final String HEADER = "X-Conclave-Actor";

    private Actors() {
    }

    static String of(String header) {
        if (header == null || header.isBlank()) {
            return "operator";
        }
        String problem = Ids.problem(header);
        if (problem != null) {
            throw ApiException.badRequest("invalid_actor", "the " + HEADER + " header is not a valid id",
                    List.of(ApiError.Detail.at(HEADER, problem)));
        }
        return header;
    }
}
