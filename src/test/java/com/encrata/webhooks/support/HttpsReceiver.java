package com.encrata.webhooks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PfxOptions;

/**
 * A real HTTPS receiver on loopback with a certificate generated at test time (trusted by the
 * service through ENCRATA_DELIVERY_TRUST_STORE). It records every request, and the last path
 * segment chooses its answer: ok, gone, fail, slow, redirect, ratelimited, big, markup (an HTML body
 * that would run script if a page rendered it as HTML), flaky-N (fails the first N requests to
 * that path, then answers 200) or delay-N (answers 200 after N ms).
 */
public class HttpsReceiver implements QuarkusTestResourceLifecycleManager {

    /** One request as received. */
    public record Received(String path, MultiMap headers, byte[] body, Instant at) {
    }

    /** The body of the {@code markup} answer. */
    public static final String MARKUP = "<img src=x onerror=\"window.xss='receiver'\"><script>window.xss='receiver'</script>";

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    private static volatile int port;
    private static volatile Path pem;
    private static volatile Path keystore;

    private static Vertx vertx;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("receiver-tls");
            keystore = dir.resolve("receiver.p12");
            pem = dir.resolve("receiver.pem");
            keytool("-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", "receiver", "-keystore", keystore.toString(),
                    "-storepass", "changeit", "-file", pem.toString());
            vertx = Vertx.vertx();
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                    .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword("changeit")))
                    .requestHandler(HttpsReceiver::handle);
            port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .actualPort();
            return Map.of("encrata.delivery.trust-store", pem.toString());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the HTTPS receiver", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    /** A URL on this receiver (by name, as the certificate says) for a fresh path ending in {@code behaviour}. */
    public static String url(String behaviour) {
        return "https://localhost:" + port + "/" + java.util.UUID.randomUUID() + "/" + behaviour;
    }

    public static int port() {
        return port;
    }

    /** The receiver's certificate and key ({@code localhost}, trusted by the service), for other test servers. */
    public static PfxOptions serverKey() {
        return new PfxOptions().setPath(keystore.toString()).setPassword("changeit");
    }

    public static List<Received> receivedAt(String url) {
        String path = url.substring(url.indexOf('/', "https://".length()));
        return RECEIVED.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            RECEIVED.add(new Received(path, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.getBytes(), Instant.now()));
            int hit = HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String behaviour = path.substring(path.lastIndexOf('/') + 1);
            var response = request.response();
            switch (behaviour.replaceAll("-\\d+$", "")) {
                case "gone" -> response.setStatusCode(410).end("gone");
                case "fail" -> response.setStatusCode(500).end("{\"error\":\"boom\"}");
                case "redirect" -> response.setStatusCode(302).putHeader("Location", "https://example.com/").end();
                case "ratelimited" -> response.setStatusCode(429).putHeader("Retry-After", "2").end();
                case "big" -> response.setStatusCode(200).end("x".repeat(10_000));
                case "markup" -> response.setStatusCode(200).putHeader("Content-Type", "text/html").end(MARKUP);
                case "slow" -> vertx.setTimer(3_000, id -> response.setStatusCode(200).end());
                case "delay" -> vertx.setTimer(Long.parseLong(behaviour.substring(behaviour.lastIndexOf('-') + 1)),
                        id -> response.setStatusCode(200).end("ok"));
                case "flaky" -> {
                    int failures = Integer.parseInt(behaviour.substring(behaviour.lastIndexOf('-') + 1));
                    response.setStatusCode(hit <= failures ? 503 : 200).end(hit <= failures ? "down" : "ok");
                }
                default -> response.setStatusCode(200).end("ok");
            }
        });
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new java.util.ArrayList<>(List.of(keytool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
