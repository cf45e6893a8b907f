package com.encrata.webhooks.portal;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A webhook's delivery log, a delivery's detail, redelivery and recovery, against a real HTTPS receiver. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalDeliveriesTest extends BrowserTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String LOOKUP = "{\"email\":\"satya@microsoft.com\",\"lookup_id\":\"lu_abc123\",\"result\":{\"valid\":true,\"score\":0.97}}";

    private static List<Map<String, Object>> deliveries(Tenant tenant, String webhookId) {
        return tenant.authorized().queryParam("webhook_id", webhookId).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static void awaitStatus(Tenant tenant, String webhookId, String status) {
        await().atMost(WAIT).until(() -> {
            List<Map<String, Object>> list = deliveries(tenant, webhookId);
            return !list.isEmpty() && list.stream().allMatch(d -> status.equals(d.get("status")));
        });
    }

    private static boolean statsServed(Tenant tenant) {
        return tenant.authorized().get("/api/webhooks/stats").statusCode() == 200;
    }

    /** Opens the webhook's page and refreshes its log until a row shows {@code status}; returns that row. */
    private static WebElement rowWithStatus(String webhookId, String status) {
        browser.open("#/webhooks/" + webhookId);
        browser.visible(By.id("deliveries"));
        String id = browser.awaitDelivery(row -> status.equals(row.getDomAttribute("data-status")));
        return browser.visible(By.cssSelector("[data-testid='delivery-row'][data-delivery-id='" + id + "']"));
    }

    @Test
    void showsADeliveryThatReachedTheReceiverAndItsDetail() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = Webhooks.id(tenant, url, "lookup.completed");
        browser.signIn(tenant.key());

        Events.lookupCompleted(tenant, LOOKUP).statusCode(202);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 1);
        awaitStatus(tenant, id, "success");

        WebElement row = rowWithStatus(id, "success");
        assertThat(row.findElement(testId("delivery-status")).getText()).isEqualTo("Succeeded");
        assertThat(row.findElement(testId("delivery-event")).getText()).isEqualTo("lookup.completed");
        assertThat(row.findElement(testId("delivery-outcome")).getText()).isEqualTo("HTTP 200");
        row.findElement(testId("delivery-details")).click();

        browser.visible(By.id("delivery-payload"));
        assertThat(browser.text(testId("delivery-detail-status"))).isEqualTo("Succeeded");
        assertThat(browser.text(testId("delivery-detail-attempts"))).isEqualTo("1");
        assertThat(browser.text(testId("delivery-detail-response-status"))).isEqualTo("200");
        assertThat(browser.text(testId("delivery-detail-error"))).isEqualTo("None");
        assertThat(browser.text(testId("delivery-detail-next-attempt"))).isEqualTo("None scheduled");
        assertThat(browser.text(By.id("delivery-response-body"))).isEqualTo("ok");
        String deliveryId = HttpsReceiver.receivedAt(url).get(0).headers().get("webhook-id");
        assertThat(browser.text(testId("delivery-detail-id"))).isEqualTo(deliveryId);
        // Pretty-printed: one key per line, indented.
        String payload = browser.driver().findElement(By.id("delivery-payload")).getDomProperty("textContent");
        assertThat(payload).contains("\"event\": \"lookup.completed\"", "\n    \"email\": \"satya@microsoft.com\"",
                "\n      \"score\": 0.97");
        assertThat(browser.text(By.id("delivery-screen"))).doesNotContainPattern("\\b(null|undefined|NaN)\\b");
        browser.screenshot("delivery-detail");

        if (statsServed(tenant)) {
            browser.open("#/webhooks");
            browser.webhookListLoaded();
            assertThat(browser.text(testId("webhook-success-rate"))).startsWith("100 %");
        }
    }

    @Test
    void redeliversADeliveryAndShowsTheNewAttempt() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = Webhooks.id(tenant, url, "lookup.completed");
        Events.lookupCompleted(tenant, LOOKUP).statusCode(202);
        awaitStatus(tenant, id, "success");
        browser.signIn(tenant.key());
        rowWithStatus(id, "success").findElement(testId("delivery-details")).click();
        browser.visible(By.id("delivery-payload"));

        browser.click(By.id("redeliver"));

        browser.waitForText(By.id("redeliver-result"), "Redelivered: succeeded");
        assertThat(browser.text(testId("delivery-detail-attempts"))).isEqualTo("2");
        List<HttpsReceiver.Received> received = HttpsReceiver.receivedAt(url);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).headers().get("webhook-id")).isEqualTo(received.get(0).headers().get("webhook-id"));
    }

    @Test
    void filtersTheLogByStatus() {
        Tenant tenant = Tenant.create();
        // The first request to a flaky-1 path fails, every later one succeeds.
        String id = Webhooks.id(tenant, HttpsReceiver.url("flaky-1"), "lookup.completed");
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200);
        Events.lookupCompleted(tenant, LOOKUP).statusCode(202);
        await().atMost(WAIT).until(() -> deliveries(tenant, id).stream().noneMatch(d -> "pending".equals(d.get("status"))));
        browser.signIn(tenant.key());
        browser.open("#/webhooks/" + id);
        browser.waitUntil(d -> d.findElements(testId("delivery-row")).size() == 2);

        new Select(browser.visible(By.id("delivery-filter"))).selectByVisibleText("Failed");
        browser.waitUntil(d -> d.findElements(testId("delivery-row")).size() == 1);
        assertThat(browser.text(testId("delivery-event"))).isEqualTo("test");
        assertThat(browser.text(testId("delivery-status"))).isEqualTo("Failed");

        new Select(browser.visible(By.id("delivery-filter"))).selectByVisibleText("Succeeded");
        browser.waitForText(testId("delivery-event"), "lookup.completed");
        assertThat(browser.driver().findElements(testId("delivery-row"))).hasSize(1);

        new Select(browser.visible(By.id("delivery-filter"))).selectByVisibleText("Pending");
        browser.visible(By.id("deliveries-empty"));
    }

    @Test
    void recoversFailedDeliveriesSinceTheChosenTimeButNotWhilePaused() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("fail");
        String id = Webhooks.id(tenant, url, "lookup.completed");
        Events.lookupCompleted(tenant, LOOKUP).statusCode(202);
        awaitStatus(tenant, id, "failed");
        int attempts = HttpsReceiver.receivedAt(url).size();
        browser.signIn(tenant.key());
        browser.open("#/webhooks/" + id);
        browser.visible(By.id("recover-since"));

        browser.click(By.id("recover-submit"));

        assertThat(browser.waitForText(By.id("recover-result"), "being sent again"))
                .isEqualTo("1 failed delivery is being sent again.");
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == attempts + 1);

        // A time after the failure finds nothing to send; typed into the datetime-local input as local time.
        browser.script("document.getElementById('recover-since').value = arguments[0];", "2099-01-01T00:00");
        browser.click(By.id("recover-submit"));
        browser.waitForText(By.id("recover-result"), "nothing to send again");

        tenant.api().body(Map.of("id", id, "url", url, "is_active", false)).put("/api/webhooks").then().statusCode(200);
        browser.click(By.id("recover-submit"));
        assertThat(browser.text(By.cssSelector("#recover-form .form-error"))).isEqualTo("The webhook is paused. Resume it first, then recover.");
    }
}
