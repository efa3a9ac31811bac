package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Keeps the README's "Try it" honest: every {@code curl} command of that section is run, in order, against
 * a service that loaded the example projects as a fresh start does, and every output the README shows is
 * compared with the real answer. A shown JSON is a subset of the answer ({@code …} marks what was left
 * out; arrays match in order, skipping elements); {@code # 204} and {@code # HTTP/1.1 202 Accepted} are
 * status codes; {@code # task STATUS agent "reason"} lines are rows of a task list; {@code # status X}
 * names a report's status.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusTest
@TestProfile(TryItTest.FreshStart.class)
// first in its application (io.conclave.SuiteOrder): the README's story starts from a first start's state, and
// GeneratedClientTest walks it again there afterwards; that application runs last, so that the dashboard's browser
// test there does not run beside the cluster test (the first of the plain lane): it took 56 s there, 37 s after it
@org.junit.jupiter.api.Order(io.conclave.SuiteOrder.LAST_APPLICATION)
public class TryItTest {
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
    private static final Pattern CURL = Pattern.compile("(?:^|\\s)(-X|-H|-d)\\s*('([^']*)'|\"([^\"]*)\"|(\\S+))");
    /** A shown value of {@code "…"}: any value (a policy version, which changes with every rule edit). */
    private static final String ANY = "<any>";
    /** A shown text ending in {@code …}: the answer's text starts with it. */
    private static final String PREFIX = "<prefix>";
    private static final Pattern TASK_ROW = Pattern.compile("^#\\s+(\\S+)\\s+([A-Z_]+)\\s+(\\S+)\\s+\"(.*)\"$");

    /**
     * What a first start with the shipped example projects looks like, in a data folder of its own, on a private copy
     * of the shipped rules (the dashboard's browser test, which shares the application, sends a broken rule).
     */
    public static class FreshStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ApiSupport.profile(Map.of("conclave.data-dir", ApiSupport.freshFolder("try-it-data").toString(),
                    "conclave.rules-dir", ApiSupport.copyOfShippedRules("try-it-rules").toString(),
                    "conclave.load-projects-on-start", "true",
                    // as on a first start: the service generates its admin token into <data>/admin.token
                    "conclave.security.initial-admin-token", ""));
        }
    }

    /** One curl command (its line, variables not yet expanded) and what the README shows of its answer. */
    private record Step(String line, List<String> shown) {
    }

    /** {@code NAME=value}: a shell variable the next commands use. */
    private record Assign(String name, String value) {
    }

    /** A curl command ready to send. */
    private record Curl(String method, String path, Map<String, String> headers, String body) {
    }

    @Test
    void everyCommandOfTryItAnswersWhatTheReadmeShows() throws IOException {
        List<Object> items = items(section(Files.readString(Path.of("README.md"))));
        assertTrue(items.stream().filter(Step.class::isInstance).count() >= 10,
                "the README's Try it runs at least ten commands, found " + items);
        Map<String, String> vars = new HashMap<>();
        for (Object item : items) {
            if (item instanceof Assign a) {
                vars.put(a.name(), evaluate(a.value(), vars));
            } else {
                Step step = (Step) item;
                check(step, send(curl(expand(stripComment(step.line()), vars))));
            }
        }
    }

    private static Response send(Curl c) {
        RequestSpecification req = ApiSupport.api();
        c.headers().forEach(req::header);
        if (c.body() != null) {
            req.body(c.body());
        }
        return req.request(c.method(), c.path());
    }

    /**
     * A variable's value as the shell would give it: {@code $(cat data/admin.token)} is the service's admin
     * token file; {@code $(curl ... | sed ...'s/.*"F":"([^"]+)".*\\1/')} the field F of that call's answer.
     */
    private static String evaluate(String raw, Map<String, String> vars) throws IOException {
        String v = raw.strip();
        if (v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        Matcher cat = Pattern.compile("\\$\\(cat data/([^)]+)\\)").matcher(v);
        if (cat.find()) {
            Path data = Path.of(ConfigProvider.getConfig().getValue("conclave.data-dir", String.class));
            v = v.substring(0, cat.start()) + Files.readString(data.resolve(cat.group(1))).strip() + v.substring(cat.end());
        }
        int sub = v.indexOf("$(curl ");
        if (sub >= 0) {
            int end = v.lastIndexOf(')');
            String inner = v.substring(sub + 2, end);
            Matcher field = Pattern.compile("\"([a-z_]+)\":").matcher(inner.substring(inner.indexOf('|')));
            assertTrue(field.find(), "a command substitution names the field it takes: " + raw);
            Response r = send(curl(expand(inner.substring(0, inner.indexOf('|')).strip(), vars)));
            assertTrue(r.statusCode() < 300, "the README's " + inner + " answered " + r.statusCode() + ": " + r.asString());
            v = v.substring(0, sub) + r.jsonPath().getString(field.group(1)) + v.substring(end + 1);
        }
        return expand(v, vars);
    }

    private static String expand(String text, Map<String, String> vars) {
        Matcher m = Pattern.compile("\\$([A-Z]+)\\b").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The Try it section: from its heading to the next heading of the same level. */
    private static String section(String readme) {
        int start = readme.indexOf("\n## Try it");
        assertTrue(start >= 0, "README.md has a '## Try it' section");
        int end = readme.indexOf("\n## ", start + 5);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /**
     * The section's bash blocks in order: variable assignments and curl commands (lines continued by a
     * backslash joined), each command with the outputs shown after it (comments, or the JSON block that follows).
     */
    private static List<Object> items(String section) {
        List<Object> items = new ArrayList<>();
        boolean bash = false;
        boolean json = false;
        StringBuilder logical = null;
        StringBuilder shownJson = null;
        for (String raw : section.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                if (json && shownJson != null) {
                    lastStep(items).shown().add(shownJson.toString());
                    shownJson = null;
                }
                json = line.equals("```json");
                bash = line.equals("```bash");
                if (json) {
                    shownJson = new StringBuilder();
                }
                continue;
            }
            if (json) {
                shownJson.append(raw).append('\n');
                continue;
            }
            if (!bash) {
                continue;
            }
            if (line.endsWith("\\")) {
                logical = (logical == null ? new StringBuilder() : logical.append(' '))
                        .append(line, 0, line.length() - 1);
                continue;
            }
            String whole = logical == null ? line : logical.append(' ').append(line).toString();
            logical = null;
            Matcher assign = Pattern.compile("^([A-Z]+)=(.+)$").matcher(whole);
            if (assign.matches()) {
                items.add(new Assign(assign.group(1), assign.group(2)));
            } else if (whole.startsWith("curl ")) {
                Step step = new Step(whole, new ArrayList<>());
                String comment = stripComment(whole).length() < whole.length()
                        ? whole.substring(stripComment(whole).length()).strip() : null;
                if (comment != null) {
                    step.shown().add(comment);
                }
                items.add(step);
            } else if (whole.startsWith("#") && lastStep(items) != null) {
                List<String> shown = lastStep(items).shown();
                String last = shown.isEmpty() ? "" : shown.get(shown.size() - 1);
                if ((last.startsWith("# {") || last.startsWith("# [")) && open(last) > 0) {
                    shown.set(shown.size() - 1, last + "\n" + whole); // a shown JSON over several comment lines
                } else {
                    shown.add(whole);
                }
            }
        }
        return items;
    }

    private static Step lastStep(List<Object> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i) instanceof Step s) {
                return s;
            }
        }
        return null;
    }

    /** Brackets opened and not closed yet in {@code text}. */
    private static int open(String text) {
        int depth = 0;
        for (char c : text.toCharArray()) {
            depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
        }
        return depth;
    }

    private static String stripComment(String line) {
        // a '#' outside quotes starts a comment
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && i > 0 && line.charAt(i - 1) == ' ') {
                return line.substring(0, i).strip();
            }
        }
        return line;
    }

    /** The request a (variables expanded) curl command sends. */
    private static Curl curl(String line) {
        String method = "GET";
        Map<String, String> headers = new HashMap<>();
        String body = null;
        String url = null;
        String rest = line.substring(5);
        Matcher m = CURL.matcher(rest);
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
            switch (m.group(1)) {
                case "-X" -> method = value;
                case "-H" -> headers.put(value.substring(0, value.indexOf(':')).strip(),
                        value.substring(value.indexOf(':') + 1).strip());
                case "-d" -> {
                    try {
                        body = value.startsWith("@") ? Files.readString(Path.of(value.substring(1))) : value;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                default -> { }
            }
        }
        for (String token : rest.split("\\s+")) {
            String t = token.replace("'", "").replace("\"", "");
            if (t.startsWith("localhost:8080")) {
                url = t.substring("localhost:8080".length());
            }
        }
        if (url == null) {
            fail("no localhost:8080 address in: " + line);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            headers.put("Content-Type", "application/json");
        }
        return new Curl(method, url, headers, body);
    }

    private static void check(Step step, Response res) throws IOException {
        String where = "README Try it: " + step.line();
        for (String shown : step.shown()) {
            String s = shown.strip();
            Matcher status = Pattern.compile("^#\\s*(?:HTTP/1\\.1\\s+)?(\\d{3})\\b").matcher(s);
            Matcher row = TASK_ROW.matcher(s);
            if (status.find()) {
                assertEquals(Integer.parseInt(status.group(1)), res.statusCode(), where);
            } else if (row.matches()) {
                JsonNode tasks = LENIENT.readTree(res.asString());
                JsonNode task = null;
                for (JsonNode t : tasks) {
                    task = t.path("task_id").asText().equals(row.group(1)) ? t : task;
                }
                assertTrue(task != null, where + ": no task " + row.group(1));
                assertEquals(row.group(2), task.path("status").asText(), where);
                assertEquals(row.group(3), task.path("assignee").asText(), where);
                assertEquals(row.group(4), task.path("status_reason").asText(), where);
            } else if (s.startsWith("# status ")) {
                String expected = s.substring("# status ".length()).split("[ ,]")[0];
                assertEquals(expected, LENIENT.readTree(res.asString()).path("status").asText(), where);
            } else if (s.startsWith("{") || s.startsWith("[") || s.startsWith("# {") || s.startsWith("# [")) {
                String text = s.startsWith("#") ? s.lines().map(l -> l.replaceFirst("^\\s*#", ""))
                        .reduce("", (a, b) -> a + "\n" + b) : s;
                JsonNode expected = LENIENT.readTree(elide(text));
                assertSubset(expected, LENIENT.readTree(res.asString()), "$", where);
            }
        }
        assertFalse(res.statusCode() >= 500, where + " answered " + res.statusCode());
    }

    /** The shown JSON without its elisions: {@code …} stands for fields or elements left out. */
    public static String elide(String shown) {
        return shown.replace("\"…\"", "\"" + ANY + "\"").replace("…\"", PREFIX + "\"").replaceAll("…\\s*,", "").replaceAll(",\\s*…", "").replaceAll("\\[\\s*…\\s*]", "[]")
                .replaceAll("\\{\\s*…\\s*}", "{}").replace("…", "");
    }

    /** Every field of {@code expected} is in {@code actual} with the same value; arrays match in order, skipping. */
    public static void assertSubset(JsonNode expected, JsonNode actual, String path, String where) {
        if (expected.isObject()) {
            assertTrue(actual.isObject(), where + " at " + path + ": expected an object, got " + actual);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                assertTrue(actual.has(f.getKey()), where + " at " + path + ": no field " + f.getKey() + " in " + actual);
                assertSubset(f.getValue(), actual.get(f.getKey()), path + "." + f.getKey(), where);
            }
        } else if (expected.isArray()) {
            assertTrue(actual.isArray(), where + " at " + path + ": expected an array, got " + actual);
            int from = 0;
            for (JsonNode e : expected) {
                int found = -1;
                for (int i = from; i < actual.size() && found < 0; i++) {
                    if (matches(e, actual.get(i))) {
                        found = i;
                    }
                }
                assertTrue(found >= 0, where + " at " + path + ": no element like " + e + " (in order) in " + actual);
                from = found + 1;
            }
        } else if (expected.isTextual() && expected.asText().endsWith(PREFIX)) {
            String prefix = expected.asText().substring(0, expected.asText().length() - PREFIX.length());
            assertTrue(actual.isTextual() && actual.asText().startsWith(prefix),
                    where + " at " + path + ": expected a text starting " + prefix + ", got " + actual);
        } else if (expected.isTextual() && expected.asText().equals(ANY)) {
            assertFalse(actual.isMissingNode(), where + " at " + path);
        } else if (expected.isNumber()) {
            assertTrue(actual.isNumber() && actual.decimalValue().compareTo(expected.decimalValue()) == 0,
                    where + " at " + path + ": expected " + expected + ", got " + actual);
        } else {
            assertEquals(expected, actual, where + " at " + path);
        }
    }

    private static boolean matches(JsonNode expected, JsonNode actual) {
        try {
            assertSubset(expected, actual, "", "");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
