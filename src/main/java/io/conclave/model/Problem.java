package io.conclave.model;

/** One problem with some input: where it is (a JSON path such as {@code $.tasks[2].priority}) and what. */
public record Problem(String path, String message) {
}
