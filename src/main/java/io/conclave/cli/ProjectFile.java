package io.conclave.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.project.ProjectService;
import io.conclave.model.CommandException;
import io.conclave.model.Json;
import io.conclave.model.JsonLocations;
import io.conclave.model.ProjectSpec;

/**
 * A project file read and checked exactly as {@code POST /api/projects} checks a body
 * ({@link ProjectService#specOf}): the project, or why the file cannot be one. Every problem keeps its
 * JSON path and gets the line and column where that path is in the file.
 */
record ProjectFile(Path file, Verdict verdict, ProjectSpec spec, String unreadable, List<Problem> problems) {

    /** What the file turned out to be. */
    enum Verdict { VALID, UNREADABLE, NOT_JSON, INVALID }

    /** One problem of the definition: its JSON path, where that is in the file, and what is wrong. */
    record Problem(String path, JsonLocations.At at, String message) {
    }

    static ProjectFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return unreadable(file, "no such file");
        } catch (IOException e) {
            return unreadable(file, "cannot be read: " + e);
        }
        JsonNode definition;
        try {
            definition = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            JsonLocations.At at = loc == null ? new JsonLocations.At(1, 1)
                    : new JsonLocations.At(loc.getLineNr(), loc.getColumnNr());
            String message = e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[").lines().findFirst().orElse("");
            return new ProjectFile(file, Verdict.NOT_JSON, null, null, List.of(new Problem("$", at, message)));
        }
        try {
            return new ProjectFile(file, Verdict.VALID, ProjectService.specOf(definition), null, List.of());
        } catch (CommandException e) {
            JsonLocations locations;
            try {
                locations = JsonLocations.read(text);
            } catch (IOException unexpected) {
                throw new IllegalStateException("a text Jackson read once no longer parses: " + file, unexpected);
            }
            return new ProjectFile(file, Verdict.INVALID, null, null, e.problems().stream()
                    .map(p -> new Problem(p.path(), locations.at(p.path()), p.message())).toList());
        }
    }

    private static ProjectFile unreadable(Path file, String why) {
        return new ProjectFile(file, Verdict.UNREADABLE, null, why, List.of());
    }
}
