package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SignatureSignerTest {

    private static final String SECRET = "whsec_6cce5d5445b12e649ce9e715a2ef4addc9117d6bf3013a0f388997ed20711b1c";
    private static final byte[] BODY = ("{\"event\":\"lookup.completed\",\"data\":{\"email\":\"satya@microsoft.com\","
            + "\"lookup_id\":\"lu_abc123\"},\"created_at\":\"2026-05-02T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void reproducesTheEncrataSignatureTestVector() {
        assertThat(SignatureSigner.encrataSignature(SECRET, BODY))
                .isEqualTo("f25c36e4d4f0aa61c598bd392012fcff5908fd88b47795ad3e13b9db5cf98c50");
    }

    @Test
    void reproducesTheStandardWebhooksTestVector() {
        assertThat(SignatureSigner.standardSignature(List.of(SECRET), "0f8d2c1e-6a7b-4c3d-9e8f-1a2b3c4d5e6f",
                1777723200L, BODY)).isEqualTo("v1,B97EteyVtPXqkWfEIr0P6KQZW+VOw37AAJhAeLzNZ0o=");
    }

    @Test
    void signsWithEveryUnexpiredSecretNewestFirst() {
        String older = "whsec_" + "ab".repeat(32);
        String both = SignatureSigner.standardSignature(List.of(SECRET, older), "id", 1L, BODY);
        assertThat(both.split(" ")).containsExactly(
                SignatureSigner.standardSignature(List.of(SECRET), "id", 1L, BODY),
                SignatureSigner.standardSignature(List.of(older), "id", 1L, BODY));
    }

    @Test
    void headersCarryEveryDocumentedName() {
        UUID id = UUID.fromString("0f8d2c1e-6a7b-4c3d-9e8f-1a2b3c4d5e6f");
        var headers = DeliveryHeaders.build("Encrata-Webhooks/1.0", id, "lookup.completed", BODY, new SigningSecrets.Keys(SECRET, List.of()),
                1777723200L);
        assertThat(headers).containsEntry("X-Encrata-Signature",
                        "f25c36e4d4f0aa61c598bd392012fcff5908fd88b47795ad3e13b9db5cf98c50")
                .containsEntry("webhook-signature", "v1,B97EteyVtPXqkWfEIr0P6KQZW+VOw37AAJhAeLzNZ0o=")
                .containsEntry("webhook-id", id.toString()).containsEntry("X-Encrata-Delivery", id.toString())
                .containsEntry("webhook-timestamp", "1777723200").containsEntry("X-Encrata-Event", "lookup.completed")
                .containsEntry("Content-Type", "application/json").containsEntry("User-Agent", "Encrata-Webhooks/1.0");
    }
}
