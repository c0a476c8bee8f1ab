package io.ganwatch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The two schema-registry calls the wire format needs, on the JDK's HTTP client (no Confluent
 * client library is published on Maven Central): the writer schema of an id
 * ({@code GET /schemas/ids/{id}}) and the id of a schema under a subject, registering it when new
 * ({@code POST /subjects/{subject}/versions}). Both answers are cached for the client's life, since
 * the registry never changes what an id means.
 *
 * <p>A call that cannot reach the registry (connection refused, time-out, 5xx, 429) is retried
 * with a doubling back-off; if every attempt fails it throws {@link SchemaRegistryException.Kind#UNAVAILABLE},
 * and the client reports the outage in {@link #problem()} until a call gets an answer again.
 * Thread-safe: every stream thread of a service shares one client.
 */
public final class SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** The registry's error code for an id it holds no schema under. */
    private static final int SCHEMA_NOT_FOUND = 40403;

    /**
     * What is wrong with the registry right now.
     *
     * @param state  {@code unreachable} (an outage) or {@code refused} (credentials)
     * @param since  when the first failed call of this spell ended
     * @param detail what failed
     */
    public record Problem(String state, Instant since, String detail) {
        /** For {@code /health}: e.g. {@code unreachable since 2026-01-01T00:00:00Z (HTTP 503 ...)}. */
        public String describe() {
            return state + " since " + since + " (" + detail + ")";
        }
    }

    private final SchemaRegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, Integer> registered = new ConcurrentHashMap<>();
    private final AtomicReference<Problem> problem = new AtomicReference<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();

    /** A client for the configured registry. */
    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = settings;
        // HTTP/1.1: the registry's REST API needs nothing newer, and no h2c upgrade attempt goes through proxies
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout());
        if ("https".equals(settings.url().getScheme())) {
            b.sslContext(TlsContexts.of(settings));
        }
        this.http = b.build();
        this.authorization = settings.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    /** The settings in use. */
    public SchemaRegistrySettings settings() {
        return settings;
    }

    /**
     * The writer schema registered under {@code id}.
     *
     * @throws SchemaRegistryException {@code UNKNOWN_SCHEMA} when the registry holds no Avro schema under
     *                                 that id; {@code UNAVAILABLE} or {@code REFUSED} otherwise
     */
    public Schema schemaById(int id) {
        Schema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        HttpResponse<String> r = call(HttpRequest.newBuilder(resolve("/schemas/ids/" + id)).GET(), "fetch schema id " + id);
        // Only the registry's own "schema not found" (40403) is bad input: a 404 from a wrong base path or a
        // proxy would otherwise dead-letter every record as unknown-schema.
        if (r.statusCode() == 404 && errorCode(r) == SCHEMA_NOT_FOUND) {
            recovered(); // the registry works; the record names an id it never gave
            throw new SchemaRegistryException(SchemaRegistryException.Kind.UNKNOWN_SCHEMA, "schema id " + id
                    + " is not in the schema registry at " + settings.url() + " (" + errorOf(r) + "); produce with a"
                    + " serializer that registers its schema in this registry", null);
        }
        requireOk(r, "fetch schema id " + id);
        JsonNode body = parse(r, "fetch schema id " + id);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type) || !body.path("schema").isTextual()) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.UNKNOWN_SCHEMA, "schema id " + id + " is a " + type
                    + " schema, not Avro; ganwatch reads Avro in the schema-registry wire format", null);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(body.get("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(SchemaRegistryException.Kind.UNKNOWN_SCHEMA, "schema id " + id
                    + " is not a valid Avro schema (" + e.getMessage() + "); fix it in the registry", e);
        }
        Schema prior = byId.putIfAbsent(id, schema);
        return prior != null ? prior : schema;
    }

    /**
     * The id of {@code schema} under {@code subject}, registering it there first if it is new (the
     * registry answers with the existing id when it already holds it).
     *
     * @throws SchemaRegistryException {@code UNAVAILABLE} or {@code REFUSED} (e.g. an incompatible schema)
     */
    public int register(String subject, Schema schema) {
        String text = schema.toString();
        String key = subject + '\u0000' + text;
        Integer cached = registered.get(key);
        if (cached != null) {
            return cached;
        }
        String what = "register a schema under subject " + subject;
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("schema", text));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a registration request", e);
        }
        HttpResponse<String> r = call(HttpRequest.newBuilder(resolve("/subjects/"
                + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20") + "/versions"))
                .header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body)), what);
        requireOk(r, what);
        JsonNode id = parse(r, what).get("id");
        if (id == null || !id.canConvertToInt()) {
            throw refused(what, "the answer has no schema id: " + r.body(), r.statusCode());
        }
        registered.put(key, id.intValue());
        byId.putIfAbsent(id.intValue(), schema);
        return id.intValue();
    }

    /** The registry's current trouble, or empty while calls get answers. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem.get());
    }

    /** HTTP requests sent so far (cache hits send none). */
    public long requests() {
        return requests.get();
    }

    /** Calls that failed for want of the registry (every attempt failed, or it refused the request). */
    public long failedCalls() {
        return failedCalls.get();
    }

    /** Sends with retries; any HTTP answer other than 5xx/429 is returned, for the caller to judge. */
    private HttpResponse<String> call(HttpRequest.Builder request, String what) {
        request.timeout(settings.requestTimeout()).header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = request.build();
        String last = null;
        Exception lastException = null;
        long pause = settings.backoff().toMillis();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(pause, what);
                pause *= 2;
            }
            try {
                requests.incrementAndGet();
                HttpResponse<String> r = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() < 500 && r.statusCode() != 429) {
                    return r; // an answer: the caller decides whether it ends or starts a problem
                }
                last = "HTTP " + r.statusCode() + " " + errorOf(r);
                lastException = null;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastException = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw outage(what, "interrupted while waiting for the registry", e);
            }
            LOG.debug("schema registry at {}: attempt {} of {} to {} failed ({})", settings.url(), attempt, settings.attempts(), what, last);
        }
        throw outage(what, settings.attempts() + " attempts, last: " + last, lastException);
    }

    private SchemaRegistryException outage(String what, String detail, Exception cause) {
        failedCalls.incrementAndGet();
        if (report(new Problem("unreachable", Instant.now(), detail))) {
            LOG.warn("schema registry at {} is unreachable ({}); calls fail until it answers again", settings.url(), detail);
        }
        return new SchemaRegistryException(SchemaRegistryException.Kind.UNAVAILABLE, "cannot " + what + ": the schema registry at "
                + settings.url() + " is unreachable (" + detail + "); check that the registry is up and reachable", cause);
    }

    private SchemaRegistryException refused(String what, String detail, int status) {
        failedCalls.incrementAndGet();
        String check = switch (status) {
            case 401, 403 -> "check " + SchemaRegistrySettings.USER_INFO + " (and " + SchemaRegistrySettings.CREDENTIALS_SOURCE + ")";
            case 404 -> "check that " + SchemaRegistrySettings.URL + " is the registry's address (with a path only where it is served under one)";
            case 409 -> "the schema is not compatible with the subject's earlier versions; check the subject's compatibility setting";
            default -> "check " + SchemaRegistrySettings.URL + " and the registry's logs";
        };
        return new SchemaRegistryException(SchemaRegistryException.Kind.REFUSED, "cannot " + what + ": the schema registry at "
                + settings.url() + " refused (" + detail + "); " + check, null);
    }

    /** Ends a problem on a 2xx answer; starts one (refused) on any other, and throws. */
    private void requireOk(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 == 2) {
            recovered();
            return;
        }
        String detail = "HTTP " + r.statusCode() + " " + errorOf(r);
        SchemaRegistryException e = refused(what, detail, r.statusCode());
        if (report(new Problem("refused", Instant.now(), detail))) {
            LOG.warn("{}", e.getMessage());
        }
        throw e;
    }

    /** Records {@code p} unless a problem of its state is already recorded (which keeps its start); true when recorded. */
    private boolean report(Problem p) {
        Problem now = problem.get();
        return (now == null || !now.state().equals(p.state())) && problem.compareAndSet(now, p);
    }

    private void recovered() {
        Problem p = problem.getAndSet(null);
        if (p != null) {
            LOG.info("schema registry at {} answers again (it was {})", settings.url(), p.describe());
        }
    }

    private JsonNode parse(HttpResponse<String> r, String what) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw refused(what, "the answer is not JSON: " + e.getMessage(), r.statusCode());
        }
    }

    /** The registry's {@code error_code}, or -1 when the answer has none. */
    private static int errorCode(HttpResponse<String> r) {
        try {
            JsonNode n = JSON.readTree(r.body() == null ? "" : r.body());
            return n != null && n.path("error_code").canConvertToInt() ? n.get("error_code").intValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The registry's error message ({@code {"error_code":40403,"message":"..."}}), or the start of the body. */
    private static String errorOf(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.has("message")) {
                return n.path("error_code").asText("") + " " + n.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON (a proxy's error page): show its start instead
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private URI resolve(String path) {
        String base = settings.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw outage(what, "interrupted while waiting to retry", e);
        }
    }
}
