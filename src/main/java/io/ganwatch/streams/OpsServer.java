package io.ganwatch.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ganwatch.model.ModelBundle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operations endpoint: {@code /health} (liveness and readiness from the Kafka Streams state),
 * {@code /metrics} (Prometheus text format) and {@code /model} (the serving bundle's metadata).
 * Uses the JDK's built-in HTTP server: three read-only endpoints do not justify a web framework.
 * Bound to localhost unless configured otherwise, since metrics and model metadata are internal.
 */
public final class OpsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    /**
     * Starts serving.
     *
     * @param bind     address to bind (127.0.0.1 by default)
     * @param port     port, 0 for any free one
     * @param streams  the running Kafka Streams client
     * @param registry the metrics registry
     * @param model    the serving model's bundle
     */
    public OpsServer(String bind, int port, KafkaStreams streams, PrometheusMeterRegistry registry, Supplier<ModelBundle> model)
            throws IOException {
        this(bind, port, streams, registry, model, Map.of(), Map.of());
    }

    /**
     * Starts serving, with services the stream depends on: each one's supplier gives its trouble
     * (shown under its name in {@code /health}, which answers 503 while there is any) or empty
     * when it is fine (shown as {@code "ok"}); and sections added to {@code /model} beside the bundle's
     * metadata, each under its name (for example the feedback's precision per model version), whose
     * suppliers give a value Jackson can write, or {@code null} to leave the section out.
     */
    public OpsServer(String bind, int port, KafkaStreams streams, PrometheusMeterRegistry registry, Supplier<ModelBundle> model,
                     Map<String, Supplier<Optional<String>>> dependencies, Map<String, Supplier<?>> modelSections) throws IOException {
        Map<String, Supplier<Optional<String>>> deps = Map.copyOf(dependencies);
        Map<String, Supplier<?>> sections = new LinkedHashMap<>(modelSections);
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/health", ex -> {
            KafkaStreams.State state = streams.state();
            boolean live = state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED;
            boolean ready = state == KafkaStreams.State.RUNNING;
            Map<String, Object> problems = new LinkedHashMap<>();
            deps.forEach((name, trouble) -> problems.put(name, trouble.get().orElse("ok")));
            // A dependency in trouble makes the stream wait (it loses nothing), so it is not ready, but still live.
            ready &= problems.values().stream().allMatch("ok"::equals);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("live", live);
            body.put("ready", ready);
            body.put("state", state.name());
            body.putAll(problems);
            // 503 on not-ready lets a load balancer or Kubernetes probe use the status code alone.
            send(ex, ready ? 200 : 503, "application/json", JSON.writeValueAsBytes(body));
        });
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/model", ex -> send(ex, 200, "application/json", modelJson(model.get(), sections)));
        server.start();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The bundle's metadata, byte for byte when there are no sections; otherwise the same object with each section added. */
    private static byte[] modelJson(ModelBundle bundle, Map<String, Supplier<?>> sections) throws IOException {
        if (sections.isEmpty()) {
            return bundle.metadataJson();
        }
        ObjectNode body =
                (ObjectNode) JSON.readTree(bundle.metadataJson());
        sections.forEach((name, value) -> {
            Object v = value.get();
            if (v != null) { // a section with nothing to say is left out (the shadow section without a shadow)
                body.set(name, JSON.valueToTree(v));
            }
        });
        return JSON.writeValueAsBytes(body);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        try (ex; OutputStream out = ex.getResponseBody()) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(status, body.length);
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
