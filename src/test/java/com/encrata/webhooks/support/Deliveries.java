package com.encrata.webhooks.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Reading a webhook's delivery log through the API for tests. */
public final class Deliveries {

    private Deliveries() {
    }

    /** The webhook's deliveries, newest first. */
    public static List<Map<String, Object>> of(Tenant tenant, String webhookId) {
        return tenant.api().queryParam("webhook_id", webhookId).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** The webhook's one delivery. */
    public static Map<String, Object> only(Tenant tenant, String webhookId) {
        List<Map<String, Object>> list = of(tenant, webhookId);
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
