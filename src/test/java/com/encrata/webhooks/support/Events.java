package com.encrata.webhooks.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Posting events to the internal intake. */
public final class Events {

    public static final String INTERNAL_TOKEN = "dev-internal-token-not-for-production-use";

    private Events() {
    }

    public static ValidatableResponse post(String json) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + INTERNAL_TOKEN)
                .body(json).post("/internal/events").then();
    }

    public static ValidatableResponse lookupCompleted(Tenant tenant, String data) {
        return post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"lookup.completed\",\"data\":" + data + "}");
    }
}
