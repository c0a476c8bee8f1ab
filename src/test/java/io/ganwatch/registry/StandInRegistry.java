package io.ganwatch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only stand-in for a schema registry, in-process on the JDK's HTTP server: the REST calls
 * ganwatch and the outside clients of the tests make ({@code GET /schemas/ids/{id}},
 * {@code POST /subjects/{subject}/versions}, {@code GET /subjects/{subject}/versions/latest},
 * {@code GET|PUT /config/{subject}}), answering as Confluent's registry does: ids are global and
 * stable per schema (its parsed, normalised text), a subject's versions count from 1, and errors are
 * {@code {"error_code": N, "message": "..."}} (40403 for an unknown id, 40401 an unknown subject).
 * Optionally requires HTTP basic auth; {@link #unavailable(boolean)} makes it answer 503 to
 * everything, as a registry whose backing Kafka is down does.
 */
public final class StandInRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body as two segments; without TCP_NODELAY each answer waited on
        // the client's delayed ACK (about 45 ms a request), which made tests that ask for hundreds of
        // unknown ids take seconds. Read once, when the first server of the JVM is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private static final Pattern ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
    private static final Pattern CONFIG = Pattern.compile("/config/([^/]+)");

    private final HttpServer server;
    private final String authorization;
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private final Map<String, String> compatibility = new HashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;

    /** Without authentication. */
    public StandInRegistry() throws IOException {
        this(null);
    }

    /** Requiring basic auth with {@code userInfo} ({@code user:password}) when not null. */
    public StandInRegistry(String userInfo) throws IOException {
        this(userInfo, null, false);
    }

    /**
     * Over HTTPS with {@code tls} when not null, asking for a client certificate too when
     * {@code needClientAuth}; basic auth with {@code userInfo} when not null.
     */
    public StandInRegistry(String userInfo, SSLContext tls, boolean needClientAuth) throws IOException {
        authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base address, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** While true, every request gets 503 (error code 50003). */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** Every request so far as {@code METHOD path}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Every subject with a registered schema, in the order they were first used. */
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** The schemas registered under {@code subject}, oldest first, as ids. */
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    /** The schema registered with {@code id}, or null. */
    public synchronized Schema schema(int id) {
        String text = schemaById.get(id);
        return text == null ? null : new Schema.Parser().parse(text);
    }

    /** Registers {@code schema} under {@code subject} as a producer would, and returns its id. */
    public synchronized int register(String subject, Schema schema) {
        return registerText(subject, schema.toString());
    }

    private synchronized int registerText(String subject, String normalized) {
        int id = idBySchema.computeIfAbsent(normalized, s -> idBySchema.size() + 1);
        schemaById.put(id, normalized);
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            requests.add(method + " " + path);
            if (unavailable) {
                send(ex, 503, error(50003, "Error while forwarding the request to the master"));
                return;
            }
            if (authorization != null && !authorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error(401, "Unauthorized"));
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            Matcher m;
            if ("GET".equals(method) && (m = ID.matcher(path)).matches()) {
                getById(ex, Integer.parseInt(m.group(1)));
            } else if ("POST".equals(method) && (m = VERSIONS.matcher(path)).matches()) {
                post(ex, decode(m.group(1)), body);
            } else if ("GET".equals(method) && (m = LATEST.matcher(path)).matches()) {
                latest(ex, decode(m.group(1)));
            } else if ((m = CONFIG.matcher(path)).matches() && ("GET".equals(method) || "PUT".equals(method))) {
                config(ex, decode(m.group(1)), "PUT".equals(method) ? body : null);
            } else {
                send(ex, 404, error(404, "HTTP 404 Not Found"));
            }
        }
    }

    private void getById(HttpExchange ex, int id) throws IOException {
        String text;
        synchronized (this) {
            text = schemaById.get(id);
        }
        if (text == null) {
            send(ex, 404, error(40403, "Schema " + id + " not found"));
        } else {
            send(ex, 200, Map.of("schema", text));
        }
    }

    private void post(HttpExchange ex, String subject, byte[] body) throws IOException {
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            send(ex, 422, error(42201, "Invalid request body"));
            return;
        }
        String type = req.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type) || !req.path("schema").isTextual()) {
            send(ex, 422, error(42201, "Either the input schema or one of its references is invalid"));
            return;
        }
        String normalized;
        try {
            normalized = new Schema.Parser().parse(req.get("schema").asText()).toString();
        } catch (SchemaParseException e) {
            send(ex, 422, error(42201, "Either the input schema or one of its references is invalid"));
            return;
        }
        send(ex, 200, Map.of("id", registerText(subject, normalized)));
    }

    private void latest(HttpExchange ex, String subject) throws IOException {
        Map<String, Object> answer;
        synchronized (this) {
            List<Integer> versions = subjects.get(subject);
            if (versions == null) {
                answer = null;
            } else {
                int id = versions.get(versions.size() - 1);
                answer = Map.of("subject", subject, "version", versions.size(), "id", id, "schema", schemaById.get(id));
            }
        }
        if (answer == null) {
            send(ex, 404, error(40401, "Subject '" + subject + "' not found."));
        } else {
            send(ex, 200, answer);
        }
    }

    private void config(HttpExchange ex, String subject, byte[] put) throws IOException {
        if (put != null) {
            String level = JSON.readTree(put).path("compatibility").asText("BACKWARD");
            synchronized (this) {
                compatibility.put(subject, level);
            }
            send(ex, 200, Map.of("compatibility", level));
            return;
        }
        String level;
        synchronized (this) {
            level = compatibility.get(subject);
        }
        if (level == null) {
            send(ex, 404, error(40408, "Subject '" + subject + "' does not have subject-level compatibility configured"));
        } else {
            send(ex, 200, Map.of("compatibilityLevel", level));
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("error_code", code, "message", message);
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
