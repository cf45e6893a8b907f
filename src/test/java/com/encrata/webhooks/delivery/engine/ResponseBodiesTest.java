package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ResponseBodiesTest {

    @Test
    void dropsACharacterCutAtTheEndAndRemovesNul() {
        byte[] euro = "ok €".getBytes(StandardCharsets.UTF_8);
        assertThat(ResponseBodies.decode(euro, euro.length - 1)).isEqualTo("ok ");
        byte[] nul = "a\u0000b".getBytes(StandardCharsets.UTF_8);
        assertThat(ResponseBodies.decode(nul, nul.length)).isEqualTo("ab");
    }

    @Test
    void replacesInvalidBytesInTheMiddle() {
        byte[] bad = {'a', (byte) 0xff, 'b'};
        assertThat(ResponseBodies.decode(bad, 3)).isEqualTo("a\uFFFDb");
    }

    @Test
    void classifiesFailures() {
        assertThat(DeliverySender.classify(new java.net.ConnectException("refused")).error()).isEqualTo("connection refused");
        assertThat(DeliverySender.classify(new javax.net.ssl.SSLHandshakeException("bad")).error()).isEqualTo("tls");
        assertThat(DeliverySender.classify(new io.smallrye.mutiny.TimeoutException()).error()).isEqualTo("timeout");
        assertThat(DeliverySender.classify(new AttemptFailure("dns")).error()).isEqualTo("dns");
    }
}
