package com.encrata.webhooks.platform.tracing;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * The sampler when tracing is on: a SQL statement outside any trace (the delivery engine's polls,
 * claims, lease renewals and outcome batches, retention, LISTEN) makes no span, where the SQL client's
 * instrumentation would start a one-span trace for each; everything else goes to the sampler named by
 * {@code quarkus.otel.traces.sampler} (and its {@code .arg}), as Quarkus would have built it.
 */
@ApplicationScoped
public class BackgroundStatementSampler implements Sampler {

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

    private final Sampler configured;

    public BackgroundStatementSampler(
            @ConfigProperty(name = "quarkus.otel.traces.sampler", defaultValue = "parentbased_always_on") String name,
            @ConfigProperty(name = "quarkus.otel.traces.sampler.arg") Optional<String> arg) {
        this.configured = configured(name, arg.map(Double::parseDouble).orElse(1.0));
    }

    static Sampler configured(String name, double ratio) {
        return switch (name) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            default -> Sampler.parentBased(Sampler.alwaysOn());
        };
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()
                && (attributes.get(DB_SYSTEM) != null || attributes.get(DB_SYSTEM_NAME) != null)) {
            return SamplingResult.drop();
        }
        return configured.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "BackgroundStatementSampler{" + configured.getDescription() + "}";
    }
}
