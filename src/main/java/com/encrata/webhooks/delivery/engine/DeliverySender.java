package com.encrata.webhooks.delivery.engine;

import java.net.ConnectException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

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
        long started = System.nanoTime();
        WebhookUrlPolicy.Target target = WebhookUrlPolicy.target(url);
        return guard.vet(target)
                .chain(address -> exchange(target, address, headers, body, started))
                .chain(this::readAnswer)
                .onFailure().recoverWithItem(DeliverySender::classify);
    }

    private long remainingMillis(long startedNanos) {
        return Math.max(1, timeout.toMillis() - (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /** The answer's headers, or a timeout failure once the deadline (counted from {@code startedNanos}) passes. */
    private Uni<HttpClientResponse> exchange(WebhookUrlPolicy.Target target, InetAddress address,
            Map<String, String> headers, byte[] body, long startedNanos) {
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
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<HttpClientRequest> request = new AtomicReference<>();
            AtomicBoolean settled = new AtomicBoolean();
            // The deadline is an event-loop timer: past it, drop the connection rather than keep waiting.
            long deadline = vertx.setTimer(remaining, id -> {
                if (settled.compareAndSet(false, true)) {
                    HttpClientRequest sent = request.get();
                    if (sent != null) {
                        sent.reset();
                    }
                    emitter.fail(new AttemptFailure(DeliveryError.TIMEOUT));
                }
            });
            emitter.onTermination(() -> {
                vertx.cancelTimer(deadline);
                if (settled.compareAndSet(false, true) && request.get() != null) {
                    request.get().reset();
                }
            });
            client.request(options).onSuccess(req -> {
                request.set(req);
                if (settled.get()) {
                    req.reset();
                    return;
                }
                req.send(Buffer.buffer(body)).onSuccess(response -> {
                    response.pause();
                    if (settled.compareAndSet(false, true)) {
                        emitter.complete(response);
                    }
                }).onFailure(e -> {
                    if (settled.compareAndSet(false, true)) {
                        emitter.fail(e);
                    }
                });
            }).onFailure(e -> {
                if (settled.compareAndSet(false, true)) {
                    emitter.fail(e);
                }
            });
        });
    }

    /** Reads at most 4 KiB of the body for at most a second; a longer or slower body is cut off. */
    private Uni<Answer> readAnswer(HttpClientResponse response) {
        return Uni.createFrom().emitter(emitter -> {
            byte[] bytes = new byte[ResponseBodies.MAX_BYTES];
            int[] length = {0};
            AtomicBoolean done = new AtomicBoolean();
            Runnable finish = () -> {
                if (done.compareAndSet(false, true)) {
                    emitter.complete(new Answer(response.statusCode(), ResponseBodies.decode(bytes, length[0]),
                            response.getHeader("Retry-After"), null));
                }
            };
            long timer = vertx.setTimer(BODY_READ_LIMIT.toMillis(), id -> {
                finish.run();
                response.request().reset();
            });
            response.handler(chunk -> {
                int take = Math.min(chunk.length(), bytes.length - length[0]);
                chunk.getBytes(0, take, bytes, length[0]);
                length[0] += take;
                if (length[0] >= bytes.length) {
                    vertx.cancelTimer(timer);
                    finish.run();
                    response.request().reset();
                }
            });
            response.endHandler(v -> {
                vertx.cancelTimer(timer);
                finish.run();
            });
            response.exceptionHandler(e -> {
                vertx.cancelTimer(timer);
                finish.run();
            });
            response.resume();
        });
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
