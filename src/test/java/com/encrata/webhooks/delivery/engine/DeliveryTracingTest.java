package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanContext;

/** The stored trace context: read back exactly, and anything malformed is no link rather than an error. */
class DeliveryTracingTest {

    private static final String STORED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void readsBackWhatItStores() {
        SpanContext context = DeliveryTracing.parse(STORED);
        assertThat(context).isNotNull();
        assertThat(context.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(context.getSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(context.isSampled()).isTrue();
        assertThat(DeliveryTracing.traceparent(context)).isEqualTo(STORED);
    }

    @Test
    void ignoresMissingOrMalformedContexts() {
        assertThat(DeliveryTracing.parse(null)).isNull();
        assertThat(DeliveryTracing.parse("")).isNull();
        assertThat(DeliveryTracing.parse("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isNull();
        assertThat(DeliveryTracing.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01")).isNull();
        assertThat(DeliveryTracing.parse("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")).isNull();
        assertThat(DeliveryTracing.parse("00-0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331-01")).isNull();
        assertThat(DeliveryTracing.parse("00-0af7651916cd43dd8448eb211c80319z-b7ad6b7169203331-01")).isNull();
        assertThatCode(() -> DeliveryTracing.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-zz"))
                .doesNotThrowAnyException();
    }
}
