package io.conclave.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.conclave.model.CommandException;
import io.conclave.model.Ids;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.command.Checked;

/**
 * Checks a typed command or request before it reaches the engine: Bean Validation for each field
 * (structure and ranges, declared on the record), then what the record says about its fields together
 * ({@link Checked}). Every problem comes back at once, each at the JSON path of the field as a client
 * wrote it ({@code $.parties[1]}, {@code $.task.priority}), in a 400.
 */
@ApplicationScoped
public class Checks {
    private final Validator validator;

    public Checks(Validator validator) {
        this.validator = validator;
    }

    /** Refuses {@code request} with 400 and every problem; {@code what} names it when it is missing. */
    public <T> T valid(T request, String what) {
        if (request == null) {
            throw invalid(List.of(new Problem("$", what + " must be a JSON object")));
        }
        List<Problem> problems = problems(request);
        if (!problems.isEmpty()) {
            throw invalid(ordered(problems, 0, request.getClass()));
        }
        return request;
    }

    /** Reads a request body as JSON: one document, nothing after it. */
    public static JsonNode readTree(byte[] body) throws java.io.IOException {
        return Binding.STRICT.readTree(body);
    }

    /**
     * Binds a JSON body to {@code type} and checks it: every problem at once (unknown fields, values of the
     * wrong type, then each field's constraints and what the record says of its fields together), in a 400.
     */
    public <T> T bind(JsonNode body, Class<T> type, String what) {
        return bind(body, type, what, false);
    }

    /**
     * As {@link #bind(JsonNode, Class, String)}, with the problems after the unknown fields in the order of the
     * record's fields at every depth (a nested record's problems in the order its fields are declared, not by
     * path): the order in which a reader of the request meets them.
     */
    public <T> T bindInFieldOrder(JsonNode body, Class<T> type, String what) {
        return bind(body, type, what, true);
    }

    private <T> T bind(JsonNode body, Class<T> type, String what, boolean fieldOrder) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw invalid(List.of(new Problem("$", what + " must be a JSON object")));
        }
        Binding.Bound<T> bound = Binding.bind(body, type, "$");
        List<Problem> problems = new ArrayList<>(bound.problems());
        if (bound.value() != null) {
            for (Problem p : problems(bound.value())) {
                if (problems.stream().noneMatch(q -> p.path().equals(q.path()) || p.path().startsWith(q.path() + ".")
                        || p.path().startsWith(q.path() + "["))) {
                    problems.add(p);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(fieldOrder ? inFieldOrder(problems, type) : ordered(problems, bound.problems().size(), type));
        }
        return bound.value();
    }

    /**
     * Problems in the order a reader meets them: unknown fields first (as the body has them), then by the
     * field of the record they concern, in declaration order.
     */
    private static List<Problem> ordered(List<Problem> problems, int unknownFirst, Class<?> type) {
        List<String> order = Binding.fieldOrder(type);
        List<Problem> head = new ArrayList<>(problems.stream().filter(p -> p.message().startsWith("unknown field"))
                .toList());
        List<Problem> rest = new ArrayList<>(problems.stream().filter(p -> !p.message().startsWith("unknown field"))
                .toList());
        rest.sort(Comparator.comparingInt((Problem p) -> {
            String field = p.path().length() > 2 ? p.path().substring(2).split("[.\\[]")[0] : "";
            int i = order.indexOf(field);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Problem::path, Checks::byIndex));
        head.addAll(rest);
        return head;
    }

    /** Unknown fields first (as the body has them), then by {@link Binding#place}: field order at every depth. */
    private static List<Problem> inFieldOrder(List<Problem> problems, Class<?> type) {
        List<Problem> head = new ArrayList<>(problems.stream().filter(p -> p.message().startsWith("unknown field"))
                .toList());
        List<Problem> rest = new ArrayList<>(problems.stream().filter(p -> !p.message().startsWith("unknown field"))
                .toList());
        rest.sort((a, b) -> {
            List<Integer> pa = Binding.place(type, a.path());
            List<Integer> pb = Binding.place(type, b.path());
            for (int i = 0; i < Math.min(pa.size(), pb.size()); i++) {
                int c = Integer.compare(pa.get(i), pb.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return pa.size() != pb.size() ? Integer.compare(pa.size(), pb.size()) : a.path().compareTo(b.path());
        });
        head.addAll(rest);
        return head;
    }

    /** Paths in document order: {@code $.a[2]} before {@code $.a[10]}. */
    private static int byIndex(String a, String b) {
        java.util.regex.Matcher ma = INDEX.matcher(a);
        java.util.regex.Matcher mb = INDEX.matcher(b);
        if (ma.lookingAt() && mb.lookingAt() && ma.group(1).equals(mb.group(1))) {
            return Integer.compare(Integer.parseInt(ma.group(2)), Integer.parseInt(mb.group(2)));
        }
        return a.compareTo(b);
    }

    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("(.*?)\\[(\\d+)\\]");

    /** {@code request} itself, or 400 when the body was empty ({@code what} names what was expected). */
    public static <T> T present(T request, String what) {
        if (request == null) {
            throw invalid(List.of(new Problem("$", what + " must be a JSON object")));
        }
        return request;
    }

    /** Every problem of {@code request}, in path order. */
    public List<Problem> problems(Object request) {
        List<Problem> problems = violations(request);
        if (request instanceof Checked checked) {
            for (Problem p : checked.crossFieldProblems()) {
                if (problems.stream().noneMatch(q -> q.path().equals(p.path()))) {
                    problems.add(p);
                }
            }
        }
        return problems;
    }

    /**
     * The problems Bean Validation finds in {@code request} with the constraints of {@code groups} (the default
     * group when none is given), each at its JSON path, in no particular order.
     */
    public List<Problem> violations(Object request, Class<?>... groups) {
        List<Problem> problems = new ArrayList<>();
        Set<ConstraintViolation<Object>> violations = validator.validate(request, groups);
        for (ConstraintViolation<Object> v : violations) {
            problems.add(new Problem(jsonPath(request.getClass(), v.getPropertyPath()), v.getMessage()));
        }
        return problems;
    }

    /** Refuses a path parameter that is not a safe id, before it touches anything. */
    public static void id(String id, String what) {
        String problem = Ids.problem(id);
        if (problem != null) {
            throw invalid(List.of(new Problem(what, problem)));
        }
    }

    /**
     * A field the path gives ({@code task_id} in {@code /tasks/{task_id}/bids}): the body may repeat it,
     * but not name another one.
     */
    public static String fromPath(String inBody, String inPath, String field) {
        if (inBody != null && !inBody.equals(inPath)) {
            throw invalid(List.of(new Problem("$." + field, "is '" + inPath + "' by the request's path, not '"
                    + inBody + "'")));
        }
        return inPath;
    }

    public static CommandException invalid(List<Problem> problems) {
        Problem first = problems.get(0);
        return new CommandException(CommandException.Kind.INVALID, "invalid_request", problems.size()
                + " problem(s) in the request: " + first.path() + " " + first.message(), problems);
    }

    /**
     * The JSON path of a violation: each Java property by the name Jackson reads it under (snake_case,
     * or its {@code @JsonProperty}), with list indexes.
     */
    static String jsonPath(Class<?> root, Path path) {
        StringBuilder out = new StringBuilder("$");
        JavaType type = Json.MAPPER.constructType(root);
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    out.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    out.append('.').append(node.getKey());
                }
                continue;
            }
            if (node.getName() == null) {
                continue;
            }
            if (node.getIndex() != null && out.length() > 1) {
                out.append('[').append(node.getIndex()).append(']');
            }
            BeanPropertyDefinition property = type == null ? null : property(type, node.getName());
            out.append('.').append(property != null ? property.getName() : snake(node.getName()));
            type = property == null ? null : element(property.getPrimaryType());
        }
        return out.toString();
    }

    private static BeanPropertyDefinition property(JavaType type, String javaName) {
        for (BeanPropertyDefinition p : Json.MAPPER.getDeserializationConfig().introspect(type).findProperties()) {
            if (p.getInternalName().equals(javaName)) {
                return p;
            }
        }
        return null;
    }

    private static JavaType element(JavaType t) {
        return t != null && t.isContainerType() ? t.getContentType() : t;
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
