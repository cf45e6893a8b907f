package com.encrata.webhooks.delivery.engine;

import java.net.ConnectException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.platform.net.UrlTarget;

import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Makes one HTTPS POST to a webhook: through the target guard to a vetted address (keeping the
 * original name for Host, SNI and certificate checks), no redirects, one deadline up to the answer's
 * headers, then at most 4 KiB of body for at most one more second.
 */
@ApplicationScoped
public class DeliverySender {

    static final Duration BODY_READ_LIMIT = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final TargetGuard guard;
    private final Duration timeout;
    private final HttpClient client;

    public DeliverySender(Vertx vertx, TargetGuard guard, DeliveryConfig config) {
        this.vertx = vertx;
        this.guard = guard;
        this.timeout = config.timeout();
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setSsl(true)
                .setVerifyHost(true)
                .setForceSni(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(config.concurrencyPerHost())
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setDecompressionSupported(false)
                // No automatic client span (it would carry the full URL, query included): the attempt's own
                // span is made by DeliveryTracing.
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setName("encrata-delivery");
        DeliveryTrust.from(config.trustStore()).ifPresent(options::setTrustOptions);
        this.client = vertx.createHttpClient(options);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Sends {@code body} with {@code headers}; never fails: a failure is an {@link Answer} with an error. */
    public Uni<Answer> send(String url, Map<String, String> headers, byte[] body) {
        return Uni.createFrom().emitter(emitter -> send(url, headers, body, emitter::complete));
    }

    /**
     * The same without a reactive pipeline, for the engine's hot path: {@code answered} gets exactly
     * one answer, on the event loop of the connection (or of the caller when the guard refuses).
     */
    public void send(String url, Map<String, String> headers, byte[] body, Consumer<Answer> answered) {
        long started = System.nanoTime();
        UrlTarget target;
        try {
            target = UrlTarget.of(url);
        } catch (RuntimeException e) {
            answered.accept(classify(e));
            return;
        }
        InetAddress vetted;
        try {
            vetted = guard.vetKnown(target);
        } catch (RuntimeException e) {
            answered.accept(classify(e));
            return;
        }
        if (vetted != null) {
            new Exchange(target, vetted, headers, body, started, answered).start();
        } else {
            guard.vet(target).subscribe().with(
                    address -> new Exchange(target, address, headers, body, started, answered).start(),
                    failure -> answered.accept(classify(failure)));
        }
    }

    private long remainingMillis(long startedNanos) {
        return Math.max(1, timeout.toMillis() - (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /**
     * One request: a deadline (an event-loop timer) up to the answer's headers, then at most 4 KiB of
     * body for at most {@link #BODY_READ_LIMIT}; a longer or slower body is cut off. Past the deadline
     * the connection is dropped rather than waited on.
     */
    private final class Exchange {

        private final UrlTarget target;
        private final InetAddress address;
        private final Map<String, String> headers;
        private final byte[] body;
        private final long startedNanos;
        private final Consumer<Answer> answered;
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile HttpClientRequest request;
        private long timer;
        private HttpClientResponse response;
        private Buffer received;

        Exchange(UrlTarget target, InetAddress address, Map<String, String> headers, byte[] body,
                long startedNanos, Consumer<Answer> answered) {
            this.target = target;
            this.address = address;
            this.headers = headers;
            this.body = body;
            this.startedNanos = startedNanos;
            this.answered = answered;
        }

        void start() {
            long remaining = remainingMillis(startedNanos);
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                    .setHost(target.host())
                    .setPort(target.port())
                    .setSsl(true)
                    .setURI(target.requestUri())
                    .setFollowRedirects(false)
                    .setConnectTimeout(remaining);
            headers.forEach(options::putHeader);
            timer = vertx.setTimer(remaining, id -> {
                if (settle()) {
                    HttpClientRequest sent = request;
                    if (sent != null) {
                        sent.reset();
                    }
                    answered.accept(Answer.failed(DeliveryError.TIMEOUT));
                }
            });
            client.request(options).onComplete(created -> {
                if (created.failed()) {
                    fail(created.cause());
                    return;
                }
                request = created.result();
                if (settled.get()) {
                    request.reset();
                    return;
                }
                request.send(Buffer.buffer(body)).onComplete(sent -> {
                    if (sent.failed()) {
                        fail(sent.cause());
                    } else if (settle()) {
                        read(sent.result());
                    }
                });
            });
        }

        private boolean settle() {
            if (settled.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                return true;
            }
            return false;
        }

        private void fail(Throwable failure) {
            if (settle()) {
                answered.accept(classify(failure));
            }
        }

        private void read(HttpClientResponse answer) {
            response = answer;
            AtomicBoolean done = new AtomicBoolean();
            long bodyTimer = vertx.setTimer(BODY_READ_LIMIT.toMillis(), id -> {
                if (done.compareAndSet(false, true)) {
                    finish();
                    response.request().reset();
                }
            });
            response.handler(chunk -> {
                if (received == null) {
                    received = Buffer.buffer(Math.min(chunk.length(), ResponseBodies.MAX_BYTES));
                }
                int take = Math.min(chunk.length(), ResponseBodies.MAX_BYTES - received.length());
                received.appendBuffer(chunk, 0, take);
                if (received.length() >= ResponseBodies.MAX_BYTES && done.compareAndSet(false, true)) {
                    vertx.cancelTimer(bodyTimer);
                    finish();
                    response.request().reset();
                }
            });
            response.endHandler(v -> {
                if (done.compareAndSet(false, true)) {
                    vertx.cancelTimer(bodyTimer);
                    finish();
                }
            });
            response.exceptionHandler(e -> {
                if (done.compareAndSet(false, true)) {
                    vertx.cancelTimer(bodyTimer);
                    finish();
                }
            });
            response.resume();
        }

        private void finish() {
            byte[] bytes = received == null ? new byte[0] : received.getBytes();
            answered.accept(new Answer(response.statusCode(), ResponseBodies.decode(bytes, bytes.length),
                    response.getHeader("Retry-After"), null));
        }
    }

    static Answer classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AttemptFailure attempt) {
                return Answer.failed(attempt.error());
            }
            if (t instanceof TimeoutException || t instanceof ConnectTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return Answer.failed(DeliveryError.TIMEOUT);
            }
            if (t instanceof SSLException) {
                return Answer.failed(DeliveryError.TLS);
            }
            if (t instanceof ConnectException) {
                return Answer.failed(DeliveryError.CONNECTION_REFUSED);
            }
        }
        return Answer.failed(DeliveryError.CONNECTION_REFUSED);
    }
}
