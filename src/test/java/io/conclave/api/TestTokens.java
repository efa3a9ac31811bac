package io.conclave.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.EveryTestClass;
import io.conclave.model.Json;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * The tests' small helper for tokens: every REST Assured request that carries no {@code Authorization}
 * header gets the token of whoever it acts as. A body naming an agent ({@code agent_id}, a conversation
 * message's {@code sender}) or a path naming one ({@code .../agents/{agent_id}}) is sent with that agent's
 * token; a request with {@code X-Conclave-Actor: name} (what the tests used before tokens) with an operator
 * token of that name; anything else with the tests' admin token (the test profile's
 * {@code conclave.security.initial-admin-token}, or, where a profile gives none, the one the service's first start
 * wrote into its data folder: {@link #admin()}). Tokens are issued over {@code POST /api/tokens} on first use, for
 * each application again. Security tests set their own {@code Authorization} header and are left alone.
 */
public class TestTokens extends EveryTestClass implements Filter {
    /** A request header that asks for no token at all (a test of what an anonymous caller gets). */
    public static final String ANONYMOUS = "X-Test-Anonymous";
    /** The admin token of the test profile. */
    public static final String ADMIN = "cv_testadmin_0123456789abcdef0123456789abcdef";
    private static final Pattern AGENT_PATH = Pattern.compile("/api/conversations/[^/]+/agents/([^/?]+)");
    private static final Map<String, String> ISSUED = new ConcurrentHashMap<>();
    /** The admin token of the application under test ({@link #admin()}), {@link #ADMIN} for the plain classes. */
    private static volatile String admin = ADMIN;
    /** The data folder of the application whose tokens {@link #ISSUED} holds. */
    private static volatile String folder;

    /**
     * Before each test of an application: one on another data folder than the last (another profile) knows none of
     * the tokens issued so far, and its admin token is its profile's or the one its first start wrote.
     */
    @Override
    public void beforeEach(io.quarkus.test.junit.callback.QuarkusTestMethodContext context) {
        super.beforeEach(context);
        String data = ConfigProvider.getConfig().getOptionalValue("conclave.data-dir", String.class).orElse("");
        if (!data.equals(folder)) {
            folder = data;
            ISSUED.clear();
            admin = admin();
        }
    }

    /** Installs the filter in the caller's REST Assured (a plain class's or a test application's). */
    @Override
    protected void install() {
        synchronized (RestAssured.class) { // the plain classes run two at a time: one installs, the other waits
            installOnce();
        }
    }

    private static void installOnce() {
        // the API takes UTF-8 only: REST Assured would otherwise declare ISO-8859-1 for text bodies
        RestAssured.config = RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                .defaultContentCharset(java.nio.charset.StandardCharsets.UTF_8)).matcherConfig(ApiSupport.MISMATCHES)
                .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig().httpClientFactory(new Clients()));
        if (RestAssured.filters().stream().noneMatch(f -> f.getClass().getName().equals(TestTokens.class.getName()))) {
            RestAssured.filters(new TestTokens());
        }
        if (RestAssured.filters().stream().noneMatch(f -> f.getClass().getName().equals(ProjectBodies.class.getName()))) {
            RestAssured.filters(new ProjectBodies());
        }
    }

    /**
     * REST Assured's HTTP client for each request, as its default factory makes it ({@code new DefaultHttpClient()}),
     * with the client's default parameters worked out once: the default client works them out at each request, and
     * with them its user agent, read from a properties file that the class loader looks for through the test class
     * path's jars (a tenth of REST Assured's samples in a recording of the suite; seven REST classes alone took about
     * 1 s of CPU less in two pairs of runs, 38.8 and 46.4 s against 39.5 and 47.6 s).
     */
    @SuppressWarnings("deprecation") // REST Assured's own client is this one
    private static final class Clients implements io.restassured.config.HttpClientConfig.HttpClientFactory {
        private final org.apache.http.params.HttpParams defaults = new org.apache.http.params.SyncBasicHttpParams();

        Clients() {
            org.apache.http.impl.client.DefaultHttpClient.setDefaultHttpParams(defaults);
        }

        @Override
        public org.apache.http.client.HttpClient createHttpClient() {
            return new org.apache.http.impl.client.DefaultHttpClient(null, defaults.copy());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification req, FilterableResponseSpecification res, FilterContext ctx) {
        if (req.getHeaders().hasHeaderWithName(ANONYMOUS)) {
            req.removeHeader(ANONYMOUS);
            return ctx.next(req, res);
        }
        if (req.getHeaders().hasHeaderWithName("Authorization") || !req.getCookies().asList().isEmpty()
                || req.getURI().contains("/q/")) {
            return ctx.next(req, res);
        }
        String key = who(req);
        req.removeHeader("X-Conclave-Actor");
        req.header("Authorization", "Bearer " + token(key));
        return ctx.next(req, res);
    }

    /**
     * The admin token of the service under test: the one its first start wrote into its data folder when its profile
     * gives it none ({@code TryItTest.FreshStart}, as a user's first start), otherwise the test profile's {@link #ADMIN}.
     */
    public static String admin() {
        Path file = ConfigProvider.getConfig().getOptionalValue("conclave.data-dir", String.class)
                .map(data -> Path.of(data, "admin.token")).orElse(null);
        try {
            return file != null && Files.isRegularFile(file) ? Files.readString(file).strip() : ADMIN;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Who a request acts as: "agent:<id>", "operator:<name>" or "admin". */
    private static String who(FilterableRequestSpecification req) {
        String actor = req.getHeaders().getValue("X-Conclave-Actor");
        if (actor != null) {
            // editing the policy needs an admin's token: an admin of that name
            return actor.equals("admin") ? "admin" : (req.getURI().contains("/api/rules") ? "admin:" : "operator:")
                    + actor;
        }
        if (req.getURI().contains("/api/tokens")) {
            return "admin";
        }
        Matcher path = AGENT_PATH.matcher(req.getURI());
        if (path.find() && !"GET".equals(req.getMethod())) {
            return "agent:" + path.group(1);
        }
        Object body = req.getBody();
        if (body instanceof String text && text.strip().startsWith("{")) {
            try {
                JsonNode json = Json.MAPPER.readTree(text);
                for (String field : new String[] {"agent_id", "sender"}) {
                    if (json.path(field).isTextual()) {
                        String agent = json.get(field).asText();
                        // an id the service refuses anyway (the test checks the 400) is sent by the admin
                        return io.conclave.model.Ids.isValid(agent) ? "agent:" + agent : "admin";
                    }
                }
            } catch (java.io.IOException | RuntimeException notJson) {
                // a body the test sends to be refused: the admin sends it
            }
        }
        return "admin";
    }

    private String token(String key) {
        if (key.equals("admin")) {
            return admin;
        }
        return ISSUED.computeIfAbsent(key, k -> {
            String[] kv = k.split(":", 2);
            String request = kv[0].equals("agent")
                    ? "{\"role\": \"agent\", \"agent_id\": \"" + kv[1] + "\"}"
                    : "{\"role\": \"" + kv[0] + "\", \"name\": \"" + kv[1] + "\"}";
            // through this filter: the admin's token, whichever the service knows
            return RestAssured.given().contentType(ContentType.JSON).body(request).post("/api/tokens")
                    .then().statusCode(201).extract().path("token");
        });
    }
}
