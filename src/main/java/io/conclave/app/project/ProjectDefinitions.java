package io.conclave.app.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.model.CommandException;
import io.conclave.model.Problem;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ProjectValidator;
import io.conclave.model.run.OversightSettings;
import io.conclave.app.Binding;
import io.conclave.app.Checks;

/**
 * Reads a project file strictly, as a typed request is read ({@link Binding}): a field the format does not have
 * is named with the known field it was probably meant to be ({@code $.tasks[0].skills: unknown field, did you
 * mean 'required_skills'?}), a value of the wrong JSON type is named too, and then everything
 * {@link ProjectValidator} finds (ids, ranges, enumerated values, references, cycles): every problem at once,
 * unknown fields first. The top-level {@code $schema} (the file's JSON Schema, for editors) is accepted and
 * ignored, as are the {@link #IGNORED_FIELDS}. Inline subtasks are read as tasks and the {@code ceo_oversight} block by its own fields, although the
 * project record keeps both as JSON.
 */
public final class ProjectDefinitions {
    /** The key a project file names its JSON Schema under; ignored. */
    public static final String SCHEMA_KEY = "$schema";
    /**
     * Top-level fields a project file may carry that Conclave accepts and does not read, with what they hold (the
     * schema lists them as such): the full healthcare example names its stakeholders for its readers.
     */
    public static final Map<String, String> IGNORED_FIELDS = Map.of("stakeholders",
            "Who the project answers to, for its readers (accepted and ignored)");

    private ProjectDefinitions() {
    }

    /**
     * A project read from its file, with the unknown fields that were ignored (empty unless unknown fields
     * are allowed).
     */
    public record Read(ProjectSpec spec, List<Problem> ignored) {
    }

    /**
     * Reads {@code definition}: 400 ({@link CommandException.Kind#INVALID}) with every problem. With
     * {@code allowUnknownFields} an unknown field is not a problem but comes back in {@link Read#ignored()}.
     */
    public static Read read(JsonNode definition, boolean allowUnknownFields) {
        if (definition == null || !definition.isObject()) {
            throw Checks.invalid(List.of(new Problem("$", "a project definition must be a JSON object")));
        }
        ObjectNode body = ((ObjectNode) definition).deepCopy();
        body.remove(SCHEMA_KEY);
        body.remove(IGNORED_FIELDS.keySet());
        Binding.Bound<ProjectSpec> bound = Binding.bind(body, ProjectSpec.class, "$");
        List<Problem> found = new ArrayList<>(bound.problems());
        subtasks(body.path("tasks"), "$.tasks", found);
        JsonNode oversight = body.get("ceo_oversight");
        if (oversight != null && oversight.isObject()) {
            // the values are OversightSettings.check's to judge; here only the names
            Binding.bind(oversight, OversightSettings.Block.class, "$.ceo_oversight").problems().stream()
                    .filter(ProjectDefinitions::unknown).forEach(found::add);
        }
        List<Problem> ignored = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Problem p : found) {
            if (allowUnknownFields && unknown(p)) {
                ignored.add(new Problem(p.path(), p.message().replaceFirst("^unknown field", "unknown field, ignored")));
            } else {
                problems.add(p);
            }
        }
        problems.sort(java.util.Comparator.comparing(p -> !unknown(p))); // stable: unknown fields first
        if (bound.value() != null) {
            for (Problem p : ProjectValidator.validate(bound.value())) {
                if (found.stream().noneMatch(q -> within(p.path(), q.path()))) {
                    problems.add(p);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new CommandException(CommandException.Kind.INVALID, "invalid_request",
                    problems.size() + " problem(s) in the request: " + problems.get(0).path() + " "
                            + problems.get(0).message(), problems);
        }
        return new Read(bound.value(), List.copyOf(ignored));
    }

    /** Inline subtasks (objects in a task's {@code subtasks}) read as tasks, at any depth. */
    private static void subtasks(JsonNode tasks, String at, List<Problem> found) {
        if (!tasks.isArray()) {
            return;
        }
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode subtasks = tasks.get(i).path("subtasks");
            String path = at + "[" + i + "].subtasks";
            for (int k = 0; subtasks.isArray() && k < subtasks.size(); k++) {
                JsonNode s = subtasks.get(k);
                if (s.isObject()) {
                    found.addAll(Binding.bind(s, ProjectSpec.TaskSpec.class, path + "[" + k + "]").problems());
                }
            }
            subtasks(subtasks, path, found);
        }
    }

    private static boolean unknown(Problem p) {
        return p.message().startsWith("unknown field");
    }

    /** True when {@code path} is {@code outer} or lies inside it. */
    private static boolean within(String path, String outer) {
        return path.equals(outer) || path.startsWith(outer + ".") || path.startsWith(outer + "[");
    }
}
