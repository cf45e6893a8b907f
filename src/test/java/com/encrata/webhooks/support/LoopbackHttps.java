package com.encrata.webhooks.support;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * An HTTPS server of a test on loopback, with the {@link HttpsReceiver}'s certificate (so the service
 * trusts it as {@code localhost}): a token endpoint, or a receiver that requires a client certificate
 * from a CA the test made. It records every request and answers with what the test's function says.
 */
public final class LoopbackHttps implements AutoCloseable {

    /** One request as received, with the subject of the client certificate presented (or null). */
    public record Received(String path, MultiMap headers, String body, String clientSubject, Instant at) {
    }

    /** What to answer. */
    public record Reply(int status, String contentType, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private LoopbackHttps(String trustedCaPem, Function<Received, Reply> answer) {
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(HttpsReceiver.serverKey());
        if (trustedCaPem != null) {
            options.setClientAuth(ClientAuth.REQUIRED)
                    .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(trustedCaPem)));
        }
        server = vertx.createHttpServer(options).requestHandler(request -> request.body().onSuccess(body -> {
            Received got = new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.toString(), subject(request.connection().sslSession()), Instant.now());
            received.add(got);
            Reply reply = answer.apply(got);
            request.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType())
                    .end(reply.body());
        }));
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("Cannot start the test's HTTPS server", e);
        }
    }

    /** A server answering every request with {@code answer}. */
    public static LoopbackHttps start(Function<Received, Reply> answer) {
        return new LoopbackHttps(null, answer);
    }

    /** A server that requires a client certificate issued by the CA of {@code caPem}, answering 200 "ok". */
    public static LoopbackHttps requiringClientCertificates(String caPem) {
        return new LoopbackHttps(caPem, r -> new Reply(200, "text/plain", "ok"));
    }

    /** A URL on this server by name ({@code localhost}, as its certificate says). */
    public String url(String path) {
        return "https://localhost:" + server.actualPort() + path;
    }

    public int port() {
        return server.actualPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        vertx.close();
    }

    private static String subject(javax.net.ssl.SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] peers = session.getPeerCertificates();
            return peers.length == 0 ? null : ((X509Certificate) peers[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
