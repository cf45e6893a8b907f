package com.encrata.webhooks.support;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A fresh workspace and API key made through the admin API, so every test owns its data. */
public record Tenant(String workspaceId, String userId, String keyId, String key) {

    public static final String ADMIN_TOKEN = "dev-admin-token-not-for-production-use";

    public static Tenant create() {
        return create("admin");
    }

    public static Tenant create(String role) {
        String workspaceId = admin().body(Map.of("name", "Test workspace"))
                .post("/admin/workspaces").then().statusCode(201).extract().path("id");
        return inWorkspace(workspaceId, role);
    }

    /** Another key, with a new user, in the same workspace. */
    public static Tenant inWorkspace(String workspaceId, String role) {
        Response key = admin().body(Map.of("name", "Test key", "role", role))
                .post("/admin/workspaces/" + workspaceId + "/keys").then().statusCode(201).extract().response();
        return new Tenant(workspaceId, key.path("user_id"), key.path("id"), key.path("key"));
    }

    public static RequestSpecification admin() {
        return bearer(ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    /** A request authenticated with this tenant's key and nothing else (no content type). */
    public RequestSpecification authorized() {
        return bearer(key);
    }

    /** A request carrying {@code token} as its bearer token. */
    public static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A request authenticated with this tenant's key, with a JSON content type. */
    public RequestSpecification api() {
        return authorized().contentType(ContentType.JSON);
    }
}
