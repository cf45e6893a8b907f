package com.encrata.webhooks.support;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Posting events to the internal intake. */
public final class Events {

    public static final String INTERNAL_TOKEN = "dev-internal-token-not-for-production-use";

    private Events() {
    }

    /** A request with the internal token and a JSON content type. */
    public static RequestSpecification internal() {
        return Tenant.bearer(INTERNAL_TOKEN).contentType(ContentType.JSON);
    }

    public static ValidatableResponse post(String json) {
        return internal().body(json).post("/internal/events").then();
    }

    public static ValidatableResponse lookupCompleted(Tenant tenant, String data) {
        return post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"lookup.completed\",\"data\":" + data + "}");
    }
}
