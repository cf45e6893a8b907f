package com.encrata.webhooks.delivery.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.platform.http.HttpEdge;

import io.opentelemetry.api.trace.Span;

/**
 * One attempt of a claimed delivery: sign, send, and record the outcome under the lease (which also
 * keeps the webhook's failing streak and last success, and deactivates it on a 410 or a long failure).
 */
@ApplicationScoped
public class DeliveryAttempt {

    private static final Logger LOG = Logger.getLogger(DeliveryAttempt.class);

    private final SigningSecrets secrets;
    private final EndpointSender sender;
    private final OutcomeWriter outcomes;
    private final LeaseKeeper leases;
    private final DeliveryMetrics metrics;
    private final RetryPolicy retryPolicy;
    private final String userAgent;
    private final DeliveryTracing tracing;

    public DeliveryAttempt(SigningSecrets secrets, EndpointSender sender, OutcomeWriter outcomes, LeaseKeeper leases,
            DeliveryMetrics metrics, DeliveryConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "1") String version,
            DeliveryTracing tracing) {
        this.secrets = secrets;
        this.sender = sender;
        this.outcomes = outcomes;
        this.leases = leases;
        this.metrics = metrics;
        this.retryPolicy = new RetryPolicy(config.retrySchedule());
        this.userAgent = userAgent(version);
        this.tracing = tracing;
    }

    public static String userAgent(String version) {
        return "Encrata-Webhooks/" + version;
    }

    /**
     * Runs the attempt; {@code answered} runs once its request is over (before the outcome is written),
     * {@code done} once its outcome is recorded (or given up on).
     */
    public void run(Claimed claimed, Runnable answered, Runnable done) {
        // Engine log lines about this delivery carry the request id of the intake that created it.
        if (claimed.requestId() != null) {
            MDC.put(HttpEdge.REQUEST_ID_MDC, claimed.requestId());
        } else {
            MDC.remove(HttpEdge.REQUEST_ID_MDC);
        }
        long started = System.nanoTime();
        Span span = tracing.attemptStarted(claimed);
        Optional<SigningSecrets.Keys> keys = secrets.of(claimed.webhookId(), claimed.secretCiphertext(),
                claimed.retiredCiphertexts());
        if (keys.isEmpty()) {
            LOG.errorf("Delivery %s: the secret of webhook %s cannot be decrypted; not sent", claimed.id(),
                    claimed.webhookId());
            ended(claimed, started, span, Answer.failed(DeliveryError.SECRET_UNAVAILABLE), answered, done);
            return;
        }
        byte[] body = claimed.payload().getBytes(StandardCharsets.UTF_8);
        var headers = DeliveryHeaders.build(userAgent, claimed.id(), claimed.eventType(), body, keys.get(),
                System.currentTimeMillis() / 1000);
        tracing.propagate(span, headers);
        sender.send(claimed, headers, body, answer -> ended(claimed, started, span, answer, answered, done));
    }

    private void ended(Claimed claimed, long started, Span span, Answer answer, Runnable answered, Runnable done) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        tracing.ended(span, answer);
        metrics.attempted(outcome(answer), took);
        leases.recording(claimed);
        answered.run();
        outcomes.record(claimed, took.toMillis() / 1000.0, answer, retryIn(claimed, answer)).subscribe().with(recorded -> {
            if (!recorded) {
                LOG.warnf("Delivery %s: lease lost before its outcome was recorded", claimed.id());
            }
            done.run();
        }, e -> {
            LOG.warnf("Delivery %s: could not record the attempt: %s", claimed.id(), e.getClass().getSimpleName());
            done.run();
        });
    }

    /** Seconds until the next attempt, or null when this outcome is final. */
    private Double retryIn(Claimed claimed, Answer answer) {
        if (answer.success() || claimed.manual()) {
            return null;
        }
        OptionalLong delay = retryPolicy.nextDelayMillis(claimed.attempts() + 1, answer.status(), answer.retryAfter());
        return delay.isPresent() ? delay.getAsLong() / 1000.0 : null;
    }

    static String outcome(Answer answer) {
        if (answer.success()) {
            return "success";
        }
        return answer.status() != null ? "http_error" : answer.error().replace(' ', '_');
    }
}
