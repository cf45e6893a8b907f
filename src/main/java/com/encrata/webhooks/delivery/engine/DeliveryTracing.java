package com.encrata.webhooks.delivery.engine;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.platform.net.UrlTarget;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;

/**
 * The spans of delivery attempts: one {@value #SPAN_NAME} span (kind client) per attempt, in a trace of
 * its own with a link to the intake request that stored the event (its {@code traceparent}, kept with
 * the event), so any instance can send it at any later time. The attributes name the webhook, the
 * delivery, the event type, the attempt and its answer; never the URL's path or query, a header, a
 * secret or the payload. While the OpenTelemetry SDK is disabled every method returns at once.
 */
@ApplicationScoped
public class DeliveryTracing {

    static final String SPAN_NAME = "delivery attempt";
    static final String TRACEPARENT = "traceparent";

    static final AttributeKey<String> WEBHOOK_ID = AttributeKey.stringKey("encrata.webhook.id");
    static final AttributeKey<String> DELIVERY_ID = AttributeKey.stringKey("encrata.delivery.id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("encrata.event.type");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("encrata.delivery.attempt");
    static final AttributeKey<Boolean> MANUAL = AttributeKey.booleanKey("encrata.delivery.manual");
    static final AttributeKey<String> ERROR = AttributeKey.stringKey("encrata.delivery.error");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    private final boolean enabled;
    private final boolean propagate;
    private final Tracer tracer;

    public DeliveryTracing(OpenTelemetry openTelemetry, DeliveryConfig config,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.enabled = !sdkDisabled;
        this.propagate = enabled && config.traceparent();
        this.tracer = openTelemetry.getTracer("com.encrata.webhooks.delivery");
    }

    /** The W3C traceparent of the current span (the intake request's), to store with an event; or null. */
    public String intakeContext() {
        if (!enabled) {
            return null;
        }
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? traceparent(context) : null;
    }

    /** Starts the span of an attempt of a queued delivery: a trace of its own, linked to its intake. */
    Span attemptStarted(Claimed claimed) {
        if (!enabled) {
            return null;
        }
        SpanBuilder builder = builder(claimed.webhookId(), claimed.id(), claimed.eventType(), claimed.attempts() + 1,
                claimed.url()).setNoParent().setAttribute(MANUAL, claimed.manual());
        SpanContext intake = parse(claimed.traceparent());
        if (intake != null) {
            builder.addLink(intake);
        }
        return builder.startSpan();
    }

    /** Starts the span of a test send, a child of the current span (the test request's). */
    public Span testStarted(UUID webhookId, UUID deliveryId, String eventType, String url) {
        return enabled ? builder(webhookId, deliveryId, eventType, 1, url).startSpan() : null;
    }

    /** Adds {@code traceparent} (the attempt's span) to a delivery's headers when that is configured. */
    public void propagate(Span span, Map<String, String> headers) {
        if (propagate && span != null) {
            headers.put(TRACEPARENT, traceparent(span.getSpanContext()));
        }
    }

    /** Ends an attempt's span with its answer: the status, or the error value (timeout, tls...). */
    public void ended(Span span, Answer answer) {
        if (span == null) {
            return;
        }
        if (answer.status() != null) {
            span.setAttribute(STATUS, answer.status().longValue());
        }
        if (!answer.success()) {
            String error = answer.error() != null ? answer.error() : Integer.toString(answer.status());
            span.setAttribute(ERROR_TYPE, error);
            if (answer.error() != null) {
                span.setAttribute(ERROR, answer.error());
            }
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private SpanBuilder builder(UUID webhookId, UUID deliveryId, String eventType, int attempt, String url) {
        SpanBuilder builder = tracer.spanBuilder(SPAN_NAME).setSpanKind(SpanKind.CLIENT)
                .setAttribute(WEBHOOK_ID, webhookId.toString())
                .setAttribute(DELIVERY_ID, deliveryId.toString())
                .setAttribute(EVENT_TYPE, eventType)
                .setAttribute(ATTEMPT, (long) attempt)
                .setAttribute(METHOD, "POST");
        try {
            // Host and port only: a path or query may hold a receiver's token.
            UrlTarget target = UrlTarget.of(url);
            builder.setAttribute(SERVER_ADDRESS, target.host()).setAttribute(SERVER_PORT, (long) target.port());
        } catch (RuntimeException e) {
            // Not a URL the sender can use: the attempt fails and says so.
        }
        return builder;
    }

    static String traceparent(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The span context of a stored traceparent (version 00), or null when there is none or it is malformed. */
    static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-")
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
            return null;
        }
        try {
            SpanContext context = SpanContext.createFromRemoteParent(traceparent.substring(3, 35),
                    traceparent.substring(36, 52), TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
            return context.isValid() ? context : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
