package io.conclave.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every request body the API takes is read by one of its own readers, which check its text first
 * ({@link RequestText#read}); there is no reader interceptor to catch a body another reader would take. So every
 * resource method of the doors (the API's and the dashboard's) must take its body as a type those readers read
 * ({@link BodyReader#anyReads}: a {@code JsonNode}, a request record of Conclave's, or a {@code String}). The check
 * reads the compiled classes; the resource below, which takes a map, shows that it catches a body no reader of ours
 * would check.
 */
class RequestBodiesTest {

    @Test
    void everyEndpointsBodyIsReadByAReaderThatChecksItsText() throws IOException {
        List<Class<?>> doors = new ArrayList<>();
        for (String pkg : List.of("api", "ui")) {
            java.nio.file.Path root = java.nio.file.Path.of("target", "classes");
            try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("io/conclave/" + pkg))) {
                for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    try {
                        doors.add(Class.forName(name, false, getClass().getClassLoader()));
                    } catch (ClassNotFoundException | LinkageError e) {
                        throw new AssertionError("cannot load " + name, e);
                    }
                }
            }
        }
        List<String> bodies = new ArrayList<>();
        List<String> unchecked = unchecked(doors, bodies);
        assertEquals(List.of(), unchecked, "bodies no reader of the API checks");
        // the scan found the bodies it is about: a conversation's message (a tree), a task's report (a record),
        // a rule file (text)
        assertTrue(bodies.contains("ConversationResource.post: JsonNode"), bodies.toString());
        assertTrue(bodies.contains("TaskResource.complete: ReportTask"), bodies.toString());
        assertTrue(bodies.contains("RuleResource.put: String"), bodies.toString());
    }

    @Test
    void aBodyNoReaderOfOursReadsIsFound() {
        List<String> bodies = new ArrayList<>();
        assertEquals(List.of("PlantedBodies.merge: Map"), unchecked(List.of(PlantedBodies.class), bodies));
        assertEquals(List.of("PlantedBodies.merge: Map", "PlantedBodies.replace: JsonNode"), bodies.stream().sorted()
                .toList());
    }

    /** The bodies of these classes' endpoints that the API's readers do not read; each body found is added to bodies. */
    private static List<String> unchecked(List<Class<?>> classes, List<String> bodies) {
        List<String> out = new ArrayList<>();
        for (Class<?> c : classes) {
            Method[] methods;
            try {
                methods = c.getDeclaredMethods();
            } catch (LinkageError e) {
                continue; // a class whose types are not on this path declares no endpoint of the doors
            }
            for (Method m : methods) {
                if (!endpoint(m)) {
                    continue;
                }
                Annotation[][] annotations = m.getParameterAnnotations();
                Class<?>[] types = m.getParameterTypes();
                for (int i = 0; i < types.length; i++) {
                    if (injected(annotations[i], types[i])) {
                        continue;
                    }
                    String body = c.getSimpleName() + "." + m.getName() + ": " + types[i].getSimpleName();
                    bodies.add(body);
                    if (!BodyReader.anyReads(types[i])) {
                        out.add(body);
                    }
                }
            }
        }
        return out;
    }

    private static boolean endpoint(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    /** A parameter the framework fills from the path, query, headers or context, not from the body. */
    private static boolean injected(Annotation[] annotations, Class<?> type) {
        for (Annotation a : annotations) {
            String pkg = a.annotationType().getPackageName();
            if (pkg.startsWith("jakarta.ws.rs") || pkg.startsWith("org.jboss.resteasy.reactive")) {
                return true;
            }
        }
        String pkg = type.getPackageName();
        return pkg.startsWith("jakarta.ws.rs") || pkg.startsWith("io.vertx") || pkg.startsWith("io.quarkus")
                || pkg.startsWith("org.jboss.resteasy.reactive");
    }

    /**
     * Endpoints of the test sources, never served (no {@code @Path}: the tests' service would deploy a root resource
     * of the test classes): a map body is one no reader of the API would check.
     */
    static class PlantedBodies {
        @POST
        public Map<String, Object> merge(Map<String, Object> body) {
            return body;
        }

        @PUT
        public JsonNode replace(@PathParam("id") String id, JsonNode body) {
            return body;
        }
    }
}
