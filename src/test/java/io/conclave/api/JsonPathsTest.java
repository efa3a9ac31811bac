package io.conclave.api;

import static io.conclave.api.JsonPaths.jsonPath;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * The suite's JSON path checks read what REST Assured reads: every path below is read by both, on a document
 * with the shapes the API answers with (nested objects, lists of objects, lists of lists, nulls, missing fields,
 * decimals, numbers past an int and a long), and the values must be equal, type included.
 */
class JsonPathsTest {
    private static final String DOC = """
            {"status": "READY", "count": 3, "big": 3000000000, "huge": 30000000000000000000, "rate": 105.9,
             "whole": 2.0, "on": true, "none": null, "empty": [], "blank": {},
             "tasks": [{"task_id": "a", "status": "READY", "hours": 1.5, "skills": {"x": 5}, "tags": ["p", "q"]},
                       {"task_id": "b", "status": "ASSIGNED", "hours": 2, "skills": {}, "tags": []},
                       null,
                       {"task_id": "c", "assignee": null, "skills": {"x": 1, "y": 2}, "tags": ["r"]}],
             "grid": [[{"v": 1}, {"v": 2}], [{"v": 3}]],
             "people": [{"agent_id": "ann", "role": "chair"}, {"agent_id": "bob", "role": "member"},
                        {"agent_id": "cy", "role": "member"}],
             "meeting": {"votes": {"yes": ["ann", "bob"], "no": []}, "chair": {"agent_id": "ann"}}}""";

    /** Paths of every form the suite's checks use, each read by REST Assured and here. */
    private static final List<String> PATHS = List.of(
            "", "$", "status", "count", "big", "huge", "rate", "whole", "on", "none", "missing", "empty", "blank",
            "empty.size()", "blank.size()", "status.size()",
            "tasks", "tasks.size()", "tasks[0]", "tasks[0].task_id", "tasks[1].hours", "tasks[0].hours", "tasks[-1].task_id",
            "tasks[3].assignee", "tasks[9]", "tasks[9].task_id", "tasks[2]", "tasks[2].task_id", "tasks.task_id",
            "tasks.status", "tasks.assignee", "tasks.skills", "tasks.skills.x", "tasks.tags", "tasks.tags.size()",
            "tasks.task_id.size()", "tasks[0].tags[1]", "tasks.tags[0]", "tasks[0].skills.x", "tasks[1].skills.x",
            "grid", "grid[0]", "grid[0][1].v", "grid.v", "grid[1].v", "meeting.votes.yes", "meeting.votes.no.size()",
            "meeting.chair.agent_id", "meeting.nothing.agent_id", "none.field", "none[0]", "missing[0].x",
            "tasks.find { it.task_id == 'b' }", "tasks.find { it.task_id == 'b' }.status",
            "tasks.find { it.task_id == 'b' }.hours",
            "tasks.find { it.task_id == 'nobody' }.status", "tasks.findAll { it.status == 'READY' }.task_id",
            "tasks.findAll { it.x == 'y' }", "grid.find { it.v == '1' }", "grid[0].find { it.v == '2' }",
            "tasks.find { it.status == 'ASSIGNED' }.skills", "tasks.find { it.task_id == 'c' }.tags",
            "people.findAll { it.role == 'member' }.agent_id", "people.find { it.role == 'member' }",
            "people.find { it.role == 'member' && it.agent_id == 'cy' }.agent_id",
            "people.findAll { it.role == 'member' && it.agent_id == 'ann' }");

    @Test
    void everyPathReadsWhatRestAssuredReads() {
        JsonPath theirs = JsonPath.from(DOC).using(JsonPathConfig.jsonPathConfig()
                .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
        for (String path : PATHS) {
            Object expected = theirs.get(path);
            Object ours = JsonPaths.read(DOC, path);
            assertEquals(expected, ours, path);
            assertEquals(kind(expected), kind(ours), path + ": the same type");
        }
    }

    /** A map or a list by what it is (REST Assured's are Groovy's own classes), anything else by its class. */
    private static String kind(Object value) {
        return value instanceof Map ? "a map" : value instanceof List ? "a list"
                : value == null ? "null" : value.getClass().getSimpleName();
    }

    @Test
    void valuesHaveTheTypesTheTestsCompareWith() {
        // worked out by hand from DOC: whole numbers by size, decimals as doubles, a field of each element of a list
        // skipping the null element, a missing field of an element as null, a list of lists kept nested
        assertEquals(3, JsonPaths.read(DOC, "count"));
        assertEquals(3_000_000_000L, JsonPaths.read(DOC, "big"));
        assertEquals(new BigInteger("30000000000000000000"), JsonPaths.read(DOC, "huge"));
        assertEquals(105.9, JsonPaths.read(DOC, "rate"));
        assertEquals(List.of("a", "b", "c"), JsonPaths.read(DOC, "tasks.task_id"));
        assertEquals(java.util.Arrays.asList("READY", "ASSIGNED", null), JsonPaths.read(DOC, "tasks.status"));
        assertEquals(List.of(List.of(1, 2), List.of(3)), JsonPaths.read(DOC, "grid.v"));
        assertEquals(Map.of("x", 1, "y", 2), JsonPaths.read(DOC, "tasks[-1].skills"));
        assertEquals(4, JsonPaths.read(DOC, "tasks.size()"));
        // find: the first element whose field is the text; c comes after the null element, where GPath's closure fails
        assertEquals("ASSIGNED", JsonPaths.read(DOC, "tasks.find { it.task_id == 'b' }.status"));
        assertEquals(null, JsonPaths.read(DOC, "tasks.find { it.task_id == 'c' }.tags"));
        assertEquals(null, JsonPaths.read(DOC, "tasks.findAll { it.status == 'READY' }.task_id"), "findAll meets it too");
        assertEquals(List.of("bob", "cy"), JsonPaths.read(DOC, "people.findAll { it.role == 'member' }.agent_id"));
        assertEquals("cy", JsonPaths.read(DOC, "people.find { it.role == 'member' && it.agent_id == 'cy' }.agent_id"));
    }

    @Test
    void aMismatchNamesThePathTheValueAndTheBody() {
        Matcher<String> m = jsonPath("tasks[1].status", equalTo("READY"));
        assertTrue(jsonPath("tasks[0].status", equalTo("READY")).matches(DOC));
        assertFalse(m.matches(DOC));
        StringDescription why = new StringDescription();
        m.describeMismatch(DOC, why);
        assertTrue(why.toString().startsWith("JSON path tasks[1].status was \"ASSIGNED\" in {\"status\""), why.toString());
        assertEquals("JSON path tasks[1].status \"READY\"", StringDescription.toString(m));
        StringDescription notJson = new StringDescription();
        assertFalse(m.matches("<html>"));
        m.describeMismatch("<html>", notJson);
        assertTrue(notJson.toString().contains("the body is not JSON"), notJson.toString());
    }

    @Test
    void aPathOfAnotherFormIsRefusedWhereItIsWritten() {
        for (String path : List.of("tasks.find { it.hours > 1 }", "tasks*.id", "a.flatten()", "a..b",
                "a[x]", ".a", "a.", "'a-b'", "a.size().b")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> jsonPath(path, equalTo(1)), path);
            assertTrue(e.getMessage().contains("not a plain JSON path"), e.getMessage());
        }
    }
}
