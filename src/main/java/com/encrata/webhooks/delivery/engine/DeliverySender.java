package com.encrata.webhooks.delivery.engine;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.platform.net.UrlTarget;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.ProxyConnectException;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Makes one HTTPS POST to a webhook: through the target guard to a vetted address (keeping the
 * original name for Host, SNI and certificate checks) and, when one is set, through the egress proxy
 * ({@link DeliveryClients}); no redirects, one deadline up to the answer's headers, then at most 4 KiB
 * of body (more for a token answer) for at most one more second.
 */
@ApplicationScoped
public class DeliverySender {

    static final Duration BODY_READ_LIMIT = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final TargetGuard guard;
    private final DeliveryClients clients;
    private final Duration timeout;
    private final ConnectionRamp ramp;

    public DeliverySender(Vertx vertx, TargetGuard guard, DeliveryClients clients, DeliveryConfig config) {
        this.vertx = vertx;
        this.guard = guard;
        this.clients = clients;
        this.timeout = config.timeout();
        this.ramp = new ConnectionRamp(config.connectingPerHost());
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
        send(clients.shared(), url, headers, body, ResponseBodies.MAX_BYTES, answered);
    }

    /**
     * The same through {@code client} (one presenting a client certificate), keeping at most
     * {@code maxBody} bytes of the answer's body.
     */
    public void send(HttpClient client, String url, Map<String, String> headers, byte[] body, int maxBody,
            Consumer<Answer> answered) {
        long started = System.nanoTime();
        UrlTarget target;
        try {
            target = UrlTarget.of(url);
        } catch (RuntimeException e) {
            answered.accept(classify(e, false));
            return;
        }
        InetAddress vetted;
        try {
            vetted = guard.vetKnown(target);
        } catch (RuntimeException e) {
            answered.accept(classify(e, false));
            return;
        }
        if (vetted != null) {
            new Exchange(client, target, vetted, headers, body, maxBody, started, answered).start();
        } else {
            guard.vet(target).subscribe().with(
                    address -> new Exchange(client, target, address, headers, body, maxBody, started, answered).start(),
                    failure -> answered.accept(classify(failure, false)));
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

        private final HttpClient client;
        private final UrlTarget target;
        private final InetAddress address;
        private final Map<String, String> headers;
        private final byte[] body;
        private final int maxBody;
        private final long startedNanos;
        private final Consumer<Answer> answered;
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile HttpClientRequest request;
        private long timer;
        private HttpClientResponse response;
        private Buffer received;

        Exchange(HttpClient client, UrlTarget target, InetAddress address, Map<String, String> headers, byte[] body,
                int maxBody, long startedNanos, Consumer<Answer> answered) {
            this.client = client;
            this.target = target;
            this.address = address;
            this.headers = headers;
            this.body = body;
            this.maxBody = maxBody;
            this.startedNanos = startedNanos;
            this.answered = answered;
        }

        void start() {
            long remaining = remainingMillis(startedNanos);
            String vettedAddress = address.getHostAddress();
            RequestOptions options;
            try {
                options = new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setServer(SocketAddress.inetSocketAddress(target.port(), vettedAddress))
                        .setHost(target.host())
                        .setPort(target.port())
                        .setSsl(true)
                        .setURI(target.requestUri())
                        .setFollowRedirects(false)
                        .setConnectTimeout(remaining);
                headers.forEach(options::putHeader);
            } catch (RuntimeException e) {
                // A header Vert.x refuses (never one the service validated): no request is made.
                answered.accept(classify(e, false));
                return;
            }
            timer = vertx.setTimer(remaining, id -> {
                if (settle()) {
                    HttpClientRequest sent = request;
                    if (sent != null) {
                        sent.reset();
                    }
                    answered.accept(Answer.failed(DeliveryError.TIMEOUT));
                }
            });
            ConnectionRamp.Endpoint endpoint = new ConnectionRamp.Endpoint(client, vettedAddress, target.port(),
                    target.host());
            ramp.enter(endpoint, () -> {
                if (settled.get()) {
                    return false;
                }
                acquire(options, endpoint);
                return true;
            });
        }

        /** Asks the client for a connection and sends on it; the ramp hears back once it has one. */
        private void acquire(RequestOptions options, ConnectionRamp.Endpoint endpoint) {
            client.request(options).onComplete(created -> {
                HttpConnection connection = created.succeeded() ? created.result().connection() : null;
                if (ramp.acquired(endpoint, connection, this::onThisContext)) {
                    connection.closeHandler(v -> ramp.closed(endpoint, connection));
                }
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

        /** Runs {@code task} as a task of its own on the current event loop. */
        private void onThisContext(Runnable task) {
            vertx.getOrCreateContext().runOnContext(v -> task.run());
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
                HttpClientRequest sent = request;
                Throwable connection = sent == null ? null : clients.failureOf(sent.connection());
                answered.accept(classify(connection instanceof SSLException ? connection : failure, clients.proxied()));
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
                    received = Buffer.buffer(Math.min(chunk.length(), maxBody));
                }
                int take = Math.min(chunk.length(), maxBody - received.length());
                received.appendBuffer(chunk, 0, take);
                if (received.length() >= maxBody && done.compareAndSet(false, true)) {
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
        return classify(failure, false);
    }

    /**
     * The error value of a failed exchange. Through the egress proxy, a failure to reach it or a
     * refused {@code CONNECT} is the proxy's; what happens inside the tunnel (TLS, timeout) is the target's.
     */
    static Answer classify(Throwable failure, boolean proxied) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AttemptFailure attempt) {
                return Answer.failed(attempt.error());
            }
            if (t instanceof ProxyConnectException
                    || proxied && (t instanceof ConnectException || t instanceof UnknownHostException)) {
                return Answer.failed(DeliveryError.PROXY);
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
