package com.encrata.webhooks.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OTLP/HTTP collector on loopback: receives {@code POST /v1/traces} (protobuf), decodes every span
 * and keeps it. With the init argument {@code closed=true} it listens nowhere and points the service
 * at a port that refuses connections (an unreachable collector).
 */
public class OtlpCollector implements QuarkusTestResourceLifecycleManager {

    /** A link of a span: the span it points at. */
    public record Link(String traceId, String spanId) {
    }

    /** One exported span; attribute values as text (resource attributes included, prefixed "resource."). */
    public record Exported(String traceId, String spanId, String parentSpanId, String name, String kind,
            Map<String, String> attributes, List<Link> links, String status, List<String> texts) {

        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    private static final List<Exported> SPANS = new CopyOnWriteArrayList<>();
    private static final List<Integer> REQUESTS = new CopyOnWriteArrayList<>();

    private boolean closed;
    private HttpServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        closed = Boolean.parseBoolean(initArgs.getOrDefault("closed", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            int port;
            if (closed) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = socket.getLocalPort();
                }
            } else {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                server.createContext("/v1/traces", OtlpCollector::handle);
                server.start();
                port = server.getAddress().getPort();
            }
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the OTLP collector", e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Every span received so far. */
    public static List<Exported> spans() {
        return List.copyOf(SPANS);
    }

    /** How many export requests arrived. */
    public static int requests() {
        return REQUESTS.size();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            receive(exchange);
        } catch (IOException | RuntimeException | LinkageError e) {
            // The JDK server would only drop the connection: say why.
            e.printStackTrace();
            throw e;
        }
    }

    private static void receive(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
        REQUESTS.add(1);
        for (ResourceSpans resource : request.getResourceSpansList()) {
            Map<String, String> resourceAttributes = text(resource.getResource().getAttributesList());
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(span -> SPANS.add(exported(span, resourceAttributes)));
            }
        }
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
    }

    private static Exported exported(io.opentelemetry.proto.trace.v1.Span span, Map<String, String> resource) {
        Map<String, String> attributes = text(span.getAttributesList());
        List<String> texts = new ArrayList<>();
        texts.add(span.getName());
        texts.add(span.getStatus().getMessage());
        attributes.forEach((k, v) -> texts.add(k + "=" + v));
        resource.forEach((k, v) -> texts.add("resource." + k + "=" + v));
        span.getEventsList().forEach(event -> {
            texts.add(event.getName());
            text(event.getAttributesList()).forEach((k, v) -> texts.add(k + "=" + v));
        });
        List<Link> links = new ArrayList<>();
        span.getLinksList().forEach(link -> {
            links.add(new Link(hex(link.getTraceId()), hex(link.getSpanId())));
            text(link.getAttributesList()).forEach((k, v) -> texts.add(k + "=" + v));
        });
        return new Exported(hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()), span.getName(),
                span.getKind().name(), attributes, links, span.getStatus().getCode().name(), texts);
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        Map<String, String> text = new LinkedHashMap<>();
        attributes.forEach(kv -> text.put(kv.getKey(), text(kv.getValue())));
        return text;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpCollector::text).toList()
                    .toString();
            case BYTES_VALUE -> hex(value.getBytesValue());
            default -> value.toString();
        };
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
