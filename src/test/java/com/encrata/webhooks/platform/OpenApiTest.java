package com.encrata.webhooks.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class OpenApiTest {

    @Test
    void documentsEveryPublicEndpointAndHidesTheInternalOnes() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths.get("/api/webhooks")).containsKeys("get", "post", "put", "delete");
        assertThat(paths.get("/api/webhooks/rotate-secret")).containsKeys("post");
        assertThat(paths.get("/api/webhooks/filter-test")).containsKeys("post");
        assertThat(paths.get("/api/keys")).containsKeys("get", "post", "delete");
        assertThat(paths.get("/api/health")).containsKeys("get");
        assertThat(paths.keySet()).noneMatch(p -> p.startsWith("/admin") || p.startsWith("/internal"));
        assertThat(doc.getMap("components.responses")).containsKeys("BadRequest", "Unauthorized", "Forbidden",
                "NotFound", "Conflict", "TooManyRequests");
        assertThat(doc.getString("paths.'/api/webhooks'.post.responses.'201'.description")).isNotBlank();
        assertThat(doc.getString("paths.'/api/webhooks/filter-test'.post.responses.'200'.description")).isNotBlank();
    }

    @Test
    void describesTheDeliveryOptionsOfTheWebhookObject() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        for (String schema : List.of("CreateWebhookRequest", "UpdateWebhookRequest", "WebhookResponse",
                "CreatedWebhookResponse")) {
            assertThat(doc.getMap("components.schemas." + schema + ".properties")).as(schema)
                    .containsKeys("headers", "auth", "filter", "rate_limit", "ordering");
        }
        assertThat(doc.getMap("components.schemas.AuthRequest.properties")).containsKeys("type", "username", "password",
                "token", "token_url", "client_id", "client_secret", "scope", "audience", "certificate", "private_key");
        assertThat(doc.getList("components.schemas.AuthRequest.properties.type.enum")).contains("basic", "bearer",
                "oauth2", "mtls", "none");
        assertThat(doc.getString("components.schemas.WebhookResponse.properties.auth.description")).contains("mtls");
    }
}
