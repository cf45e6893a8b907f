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

    /** Creates an active webhook at {@code url} for {@code events}; returns the create answer. */
    public static Response create(Tenant tenant, String url, List<String> events) {
        return tenant.api().body(Map.of("url", url, "events", events)).post("/api/webhooks")
                .then().statusCode(201).extract().response();
    }

    /** Creates an active webhook at {@code url} for {@code events}; returns its id. */
    public static String id(Tenant tenant, String url, String... events) {
        return create(tenant, url, List.of(events)).path("id");
    }

    public static Response create(Tenant tenant, String url) {
        return tenant.api().body(Map.of("url", url, "events", List.of("lookup.completed", "credits.low"),
                "description", "original")).post("/api/webhooks").then().statusCode(201).extract().response();
    }
}
