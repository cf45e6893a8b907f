package com.encrata.webhooks.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.response.Response;

/** Creating webhooks through the API for tests. */
public final class Webhooks {

    private Webhooks() {
    }

    public static String uniqueUrl() {
        return "https://hooks.example.com/" + UUID.randomUUID();
    }

    /** Creates an active webhook for lookup.completed and credits.low; returns the create answer. */
    public static Response create(Tenant tenant) {
        return create(tenant, uniqueUrl());
    }

    public static Response create(Tenant tenant, String url) {
        return tenant.api().body(Map.of("url", url, "events", List.of("lookup.completed", "credits.low"),
                "description", "original")).post("/api/webhooks").then().statusCode(201).extract().response();
    }
}
