package com.encrata.webhooks.portal;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The webhook list, creating a webhook, and one webhook's page: edit, pause, test, rotate, delete. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalWebhooksTest extends BrowserTestBase {

    private static JsonPath webhook(Tenant tenant, String id) {
        return tenant.authorized().queryParam("id", id).get("/api/webhooks").then().statusCode(200).extract().jsonPath();
    }

    private static String create(Tenant tenant, String url, String description, boolean active, String... events) {
        return tenant.api().body(Map.of("url", url, "events", List.of(events), "description", description, "is_active", active))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private static String createPaced(Tenant tenant, String ordering, int rateLimit) {
        return tenant.api().body(Map.of("url", Webhooks.uniqueUrl(), "events", List.of("credits.low"), "ordering", ordering,
                "rate_limit", rateLimit)).post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private static boolean statsServed(Tenant tenant) {
        return tenant.authorized().get("/api/webhooks/stats").statusCode() == 200;
    }

    private static WebElement row(String webhookId) {
        return browser.visible(By.cssSelector("[data-testid='webhook-row'][data-webhook-id='" + webhookId + "']"));
    }

    private static void openWebhook(String id) {
        browser.open("#/webhooks/" + id);
        browser.visible(By.id("deliveries"));
    }

    @Test
    void listShowsEachWebhookWithItsStateInWords() {
        Tenant tenant = Tenant.create();
        String ordersUrl = HttpsReceiver.url("ok");
        String orders = create(tenant, ordersUrl, "Order sync (production)", true, "lookup.completed", "credits.low");
        String billing = create(tenant, "https://billing.acme-shop.example/webhooks/encrata", "Billing alerts", true,
                "credits.low", "credits.exhausted");
        String staging = create(tenant, "https://staging.acme-shop.example/encrata?env=staging", "Staging, paused during the migration",
                false, "apikey.created", "apikey.revoked");
        for (int i = 0; i < 3; i++) {
            Events.lookupCompleted(tenant, "{\"lookup_id\":\"lu_" + i + "\"}").statusCode(202);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> HttpsReceiver.receivedAt(ordersUrl).size() == 3);
        boolean stats = statsServed(tenant);
        if (stats) {
            await().atMost(Duration.ofSeconds(15)).until(() -> Integer.valueOf(3).equals(tenant.authorized()
                    .queryParam("id", orders).get("/api/webhooks/stats").then().extract().path("succeeded")));
        }

        browser.signIn(tenant.key());

        assertThat(browser.driver().findElements(testId("webhook-row"))).hasSize(3);
        assertThat(row(orders).findElement(testId("webhook-url")).getText()).isEqualTo(ordersUrl);
        assertThat(row(orders).findElement(testId("webhook-state")).getText()).isEqualTo("Active");
        assertThat(row(orders).findElement(testId("webhook-events")).getText()).contains("lookup.completed", "credits.low");
        assertThat(row(orders).findElement(testId("webhook-description")).getText()).isEqualTo("Order sync (production)");
        assertThat(row(billing).findElement(testId("webhook-state")).getText()).isEqualTo("Active");
        assertThat(row(staging).findElement(testId("webhook-state")).getText()).isEqualTo("Paused");
        if (stats) {
            assertThat(row(orders).findElement(testId("webhook-success-rate")).getText()).isEqualTo("100 % (3 of 3)");
            assertThat(row(orders).findElement(testId("webhook-pending")).getText()).isEqualTo("0");
            assertThat(row(staging).findElement(testId("webhook-success-rate")).getText()).isEqualTo("No attempts in 24 h");
        } else {
            assertThat(row(orders).findElement(testId("webhook-success-rate")).getText()).isEqualTo("Not available");
        }
        assertThat(browser.text(By.id("webhook-list-screen"))).doesNotContainPattern("\\b(null|undefined|NaN)\\b");
        browser.screenshot("list");
    }

    @Test
    void saysWhyTheServiceDeactivatedAWebhook() {
        Tenant tenant = Tenant.create();
        String id = create(tenant, HttpsReceiver.url("gone"), "answers 410", true, "lookup.completed");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> !webhook(tenant, id).getBoolean("is_active"));

        browser.signIn(tenant.key());

        if (statsServed(tenant)) {
            assertThat(row(id).findElement(testId("webhook-state")).getText()).isEqualTo("Deactivated");
            assertThat(row(id).findElement(testId("webhook-state-reason")).getText()).contains("410 Gone");
            openWebhook(id);
            assertThat(browser.text(testId("webhook-state"))).isEqualTo("Deactivated");
            assertThat(browser.text(testId("webhook-state-reason"))).contains("410 Gone");
            assertThat(browser.text(By.id("toggle-active"))).isEqualTo("Resume");
        } else {
            // Without the stats API the page cannot tell deactivated from paused.
            assertThat(row(id).findElement(testId("webhook-state")).getText()).isEqualTo("Paused");
        }
    }

    @Test
    void emptyListSaysWhatToDoNext() {
        browser.signIn(Tenant.create().key());

        assertThat(browser.text(By.id("webhooks-empty"))).contains("No webhooks yet", "https://");
        browser.click(By.id("empty-new-webhook"));
        browser.visible(By.id("webhook-form-url"));
    }

    @Test
    void createsAWebhookAndShowsItsSecretOnce() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), "https://hooks.acme-shop.example/encrata/lookups");
        browser.click(By.cssSelector("label[for='webhook-form-events-lookup-completed']"));
        browser.click(By.cssSelector("label[for='webhook-form-events-credits-exhausted']"));
        browser.type(By.id("webhook-form-description"), "Lookup results for the CRM");
        browser.click(By.id("webhook-submit"));

        String secret = browser.visible(By.id("secret-value")).getDomProperty("value");
        assertThat(secret).matches("whsec_[0-9a-f]{64}");
        assertThat(browser.text(By.id("secret-warning"))).contains("will not be shown again");
        assertThat(browser.driver().findElement(By.id("snippet-python")).getDomProperty("textContent"))
                .contains("X-Encrata-Signature", "webhook-signature", "hmac", "whsec_");
        assertThat(browser.driver().findElement(By.id("snippet-node")).getDomProperty("textContent"))
                .contains("createHmac", "timingSafeEqual", "v1,");
        browser.click(By.id("secret-value-copy"));
        assertThat(browser.text(By.id("secret-value-copy-status"))).isNotBlank();
        browser.screenshot("create-secret");

        JsonPath list = tenant.authorized().get("/api/webhooks").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("url")).containsExactly("https://hooks.acme-shop.example/encrata/lookups");
        assertThat(list.getList("events[0]")).containsExactly("lookup.completed", "credits.exhausted");
        assertThat(list.getString("[0].description")).isEqualTo("Lookup results for the CRM");
        assertThat(list.getString("[0].ordering")).isEqualTo("unordered");
        assertThat(list.getString("[0].rate_limit")).isNull();

        browser.click(By.id("open-created"));
        browser.visible(By.id("deliveries"));
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        browser.open("#/webhooks");
        browser.webhookListLoaded();
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
    }

    @Test
    void showsAValidationErrorAtItsFieldAndKeepsWhatWasTyped() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), "http://insecure.example.com/hook");
        browser.click(By.cssSelector("label[for='webhook-form-events-credits-low']"));
        browser.type(By.id("webhook-form-description"), "typed by hand");
        browser.click(By.id("webhook-submit"));

        assertThat(browser.text(By.id("webhook-form-url-error"))).containsIgnoringCase("https");
        WebElement url = browser.driver().findElement(By.id("webhook-form-url"));
        assertThat(url.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(url.getDomProperty("value")).isEqualTo("http://insecure.example.com/hook");
        assertThat(browser.driver().findElement(By.id("webhook-form-description")).getDomProperty("value")).isEqualTo("typed by hand");
        assertThat(browser.driver().findElement(By.id("webhook-form-events-credits-low")).isSelected()).isTrue();
        assertThat(browser.driver().findElement(By.id("webhook-form-events-error")).isDisplayed()).isFalse();
        tenant.authorized().get("/api/webhooks").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
    }

    @Test
    void aDuplicateUrlIsShownAtTheUrlField() {
        Tenant tenant = Tenant.create();
        String url = Webhooks.uniqueUrl();
        Webhooks.create(tenant, url);
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), url);
        browser.click(By.cssSelector("label[for='webhook-form-events-credits-low']"));
        browser.click(By.id("webhook-submit"));

        assertThat(browser.text(By.id("webhook-form-url-error"))).isEqualTo("A webhook with this URL already exists.");
    }

    @Test
    void editsAWebhook() {
        Tenant tenant = Tenant.create();
        String id = create(tenant, Webhooks.uniqueUrl(), "before", true, "lookup.completed", "credits.low");
        openWebhookSignedIn(tenant, id);

        String newUrl = Webhooks.uniqueUrl();
        browser.type(By.id("edit-form-url"), newUrl);
        browser.click(By.cssSelector("label[for='edit-form-events-credits-low']"));
        browser.click(By.cssSelector("label[for='edit-form-events-apikey-created']"));
        browser.type(By.id("edit-form-description"), "after");
        browser.click(By.id("edit-submit"));

        browser.waitForText(By.id("notice"), "Changes saved.");
        browser.waitForText(By.id("webhook-title"), newUrl);
        assertThat(browser.text(testId("detail-description"))).isEqualTo("after");
        assertThat(browser.text(By.id("webhook-screen"))).doesNotContainPattern("\\b(null|undefined|NaN)\\b");
        JsonPath stored = webhook(tenant, id);
        assertThat(stored.getString("url")).isEqualTo(newUrl);
        assertThat(stored.getList("events")).containsExactly("lookup.completed", "apikey.created");
        assertThat(stored.getString("description")).isEqualTo("after");
    }

    @Test
    void createsAFifoWebhookWithARateLimit() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), "https://hooks.acme-shop.example/encrata/in-order");
        browser.click(By.cssSelector("label[for='webhook-form-events-lookup-completed']"));
        assertThat(browser.driver().findElement(By.id("webhook-form-ordering-unordered")).isSelected()).isTrue();
        assertThat(browser.text(By.id("webhook-form-ordering-fifo-hint"))).containsIgnoringCase("head-of-line blocking");
        // With the keyboard: an arrow key moves the choice within the group.
        browser.driver().findElement(By.id("webhook-form-ordering-unordered")).sendKeys(Keys.ARROW_DOWN);
        assertThat(browser.driver().findElement(By.id("webhook-form-ordering-fifo")).isSelected()).isTrue();
        browser.type(By.id("webhook-form-rate-limit"), "25");
        browser.click(By.id("webhook-submit"));

        browser.visible(By.id("secret-value"));
        JsonPath stored = tenant.authorized().get("/api/webhooks").then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("[0].ordering")).isEqualTo("fifo");
        assertThat(stored.getInt("[0].rate_limit")).isEqualTo(25);

        browser.click(By.id("open-created"));
        browser.visible(By.id("deliveries"));
        assertThat(browser.text(testId("detail-ordering"))).startsWith("FIFO");
        assertThat(browser.text(testId("detail-rate-limit"))).isEqualTo("At most 25 attempts per second");
        assertThat(browser.driver().findElement(By.id("edit-form-ordering-fifo")).isSelected()).isTrue();
        assertThat(browser.driver().findElement(By.id("edit-form-rate-limit")).getDomProperty("value")).isEqualTo("25");
    }

    @Test
    void editsTheOrderingAndTheRateLimitAndClearingTheRateLimitRemovesIt() {
        Tenant tenant = Tenant.create();
        String id = createPaced(tenant, "unordered", 5);
        openWebhookSignedIn(tenant, id);
        assertThat(browser.text(testId("detail-ordering"))).isEqualTo("Unordered");
        assertThat(browser.text(testId("detail-rate-limit"))).isEqualTo("At most 5 attempts per second");

        browser.click(By.cssSelector("label[for='edit-form-ordering-fifo']"));
        browser.type(By.id("edit-form-rate-limit"), "40");
        browser.click(By.id("edit-submit"));

        browser.waitForText(testId("detail-rate-limit"), "At most 40 attempts per second");
        assertThat(browser.text(testId("detail-ordering"))).startsWith("FIFO");
        JsonPath stored = webhook(tenant, id);
        assertThat(stored.getString("ordering")).isEqualTo("fifo");
        assertThat(stored.getInt("rate_limit")).isEqualTo(40);

        browser.visible(By.id("edit-form-rate-limit")).clear();
        browser.click(By.id("edit-submit"));

        browser.waitForText(testId("detail-rate-limit"), "No limit");
        assertThat(browser.text(testId("detail-ordering"))).startsWith("FIFO");
        assertThat(browser.driver().findElement(By.id("edit-form-rate-limit")).getDomProperty("value")).isEmpty();
        stored = webhook(tenant, id);
        assertThat(stored.getString("rate_limit")).isNull();
        assertThat(stored.getString("ordering")).isEqualTo("fifo");

        browser.click(By.cssSelector("label[for='edit-form-ordering-unordered']"));
        browser.click(By.id("edit-submit"));

        browser.waitForText(testId("detail-ordering"), "Unordered");
        assertThat(webhook(tenant, id).getString("ordering")).isEqualTo("unordered");
        assertThat(browser.text(By.id("webhook-screen"))).doesNotContainPattern("\\b(null|undefined|NaN)\\b");
    }

    @Test
    void aBadRateLimitIsShownAtItsFieldAndChangesNothing() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), Webhooks.uniqueUrl());
        browser.click(By.cssSelector("label[for='webhook-form-events-credits-low']"));
        browser.type(By.id("webhook-form-rate-limit"), "20000");
        browser.click(By.id("webhook-submit"));

        assertThat(browser.text(By.id("webhook-form-rate-limit-error"))).contains("10000");
        WebElement rate = browser.driver().findElement(By.id("webhook-form-rate-limit"));
        assertThat(rate.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(rate.getDomProperty("value")).isEqualTo("20000");
        assertThat(browser.driver().findElement(By.id("webhook-form-url-error")).isDisplayed()).isFalse();
        assertThat(tenant.authorized().get("/api/webhooks").then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();

        String id = createPaced(tenant, "unordered", 5);
        openWebhook(id);
        browser.click(By.cssSelector("label[for='edit-form-ordering-fifo']"));
        browser.type(By.id("edit-form-rate-limit"), "20000");
        browser.click(By.id("edit-submit"));

        assertThat(browser.text(By.id("edit-form-rate-limit-error"))).contains("10000");
        assertThat(browser.driver().findElement(By.id("edit-form-rate-limit")).getDomAttribute("aria-invalid")).isEqualTo("true");
        JsonPath stored = webhook(tenant, id);
        assertThat(stored.getInt("rate_limit")).isEqualTo(5);
        assertThat(stored.getString("ordering")).isEqualTo("unordered");
        assertThat(browser.text(testId("detail-rate-limit"))).isEqualTo("At most 5 attempts per second");

        // Not a number: the browser reads it as empty, which must not remove the limit.
        browser.type(By.id("edit-form-rate-limit"), "1e");
        browser.click(By.id("edit-submit"));

        assertThat(browser.waitForText(By.id("edit-form-rate-limit-error"), "leave it empty")).startsWith("Enter a whole number");
        assertThat(webhook(tenant, id).getInt("rate_limit")).isEqualTo(5);
    }

    @Test
    void anEditWithoutEventsIsRefusedAtTheEventsField() {
        Tenant tenant = Tenant.create();
        String id = create(tenant, Webhooks.uniqueUrl(), "kept", true, "credits.low");
        openWebhookSignedIn(tenant, id);

        browser.click(By.cssSelector("label[for='edit-form-events-credits-low']"));
        browser.click(By.id("edit-submit"));

        assertThat(browser.text(By.id("edit-form-events-error"))).isNotBlank();
        assertThat(webhook(tenant, id).getList("events")).containsExactly("credits.low");
    }

    @Test
    void pausesAfterConfirmationAndResumes() {
        Tenant tenant = Tenant.create();
        String id = create(tenant, Webhooks.uniqueUrl(), "pausable", true, "credits.low");
        openWebhookSignedIn(tenant, id);
        assertThat(browser.text(testId("webhook-state"))).isEqualTo("Active");

        browser.click(By.id("toggle-active"));
        browser.confirm(false);
        assertThat(webhook(tenant, id).getBoolean("is_active")).isTrue();

        browser.click(By.id("toggle-active"));
        browser.confirm(true);
        browser.waitForText(testId("webhook-state"), "Paused");
        assertThat(browser.text(By.id("notice"))).contains("paused");
        assertThat(browser.text(By.id("toggle-active"))).isEqualTo("Resume");
        assertThat(webhook(tenant, id).getBoolean("is_active")).isFalse();

        browser.click(By.id("toggle-active"));
        browser.waitForText(testId("webhook-state"), "Active");
        assertThat(browser.text(By.id("toggle-active"))).isEqualTo("Pause");
        assertThat(webhook(tenant, id).getBoolean("is_active")).isTrue();
    }

    @Test
    void sendsATestEventAndShowsTheAnswer() {
        Tenant tenant = Tenant.create();
        String ok = HttpsReceiver.url("ok");
        String okId = create(tenant, ok, "answers 200", true, "credits.low");
        openWebhookSignedIn(tenant, okId);

        browser.click(By.id("send-test"));

        assertThat(browser.waitForText(testId("test-status"), "Sent")).isEqualTo("Sent");
        assertThat(browser.text(testId("test-status-code"))).isEqualTo("200");
        assertThat(browser.text(testId("test-response-body"))).isEqualTo("ok");
        assertThat(browser.text(testId("test-error"))).isEqualTo("None");
        assertThat(HttpsReceiver.receivedAt(ok)).hasSize(1);
        browser.waitForText(testId("delivery-event"), "test");

        String fail = HttpsReceiver.url("fail");
        openWebhook(create(tenant, fail, "answers 500", true, "credits.low"));
        browser.click(By.id("send-test"));

        assertThat(browser.waitForText(testId("test-status"), "Failed")).isEqualTo("Failed");
        assertThat(browser.text(testId("test-status-code"))).isEqualTo("500");
        assertThat(browser.text(testId("test-response-body"))).isEqualTo("{\"error\":\"boom\"}");
    }

    @Test
    void deletesAWebhookOnlyAfterConfirmation() {
        Tenant tenant = Tenant.create();
        String id = create(tenant, Webhooks.uniqueUrl(), "to delete", true, "credits.low");
        openWebhookSignedIn(tenant, id);

        browser.click(By.id("delete-webhook"));
        assertThat(browser.text(By.id("confirm-title"))).isEqualTo("Delete this webhook?");
        browser.confirm(false);
        webhook(tenant, id);

        browser.click(By.id("delete-webhook"));
        browser.confirm(true);

        browser.waitForText(By.id("notice"), "Webhook deleted.");
        browser.webhookListLoaded();
        browser.visible(By.id("webhooks-empty"));
        tenant.authorized().queryParam("id", id).get("/api/webhooks").then().statusCode(404);
    }

    @Test
    void rotatesTheSecretAndShowsTheNewOneOnce() {
        Tenant tenant = Tenant.create();
        String created = Webhooks.create(tenant).path("secret");
        String id = tenant.authorized().get("/api/webhooks").then().extract().path("[0].id");
        openWebhookSignedIn(tenant, id);

        browser.click(By.id("rotate-secret"));
        browser.confirm(true);

        String rotated = browser.visible(By.id("secret-value")).getDomProperty("value");
        assertThat(rotated).matches("whsec_[0-9a-f]{64}").isNotEqualTo(created);
        assertThat(browser.text(By.id("secret-warning"))).contains("will not be shown again");
        browser.open("#/webhooks");
        browser.webhookListLoaded();
        openWebhook(id);
        assertThat(browser.driver().getPageSource()).doesNotContain(rotated);
    }

    @Test
    void readsWellOnA360PixelScreen() {
        Tenant tenant = Tenant.create();
        String id = create(tenant, "https://hooks.acme-shop.example/encrata/a-rather-long-path/that-keeps-going?and=query",
                "A description long enough to wrap on a phone screen, which is 360 CSS pixels wide", true,
                "lookup.completed", "apikey.created", "apikey.revoked", "credits.low", "credits.exhausted");
        browser.signIn(tenant.key());
        try {
            browser.phone(360);
            browser.webhookListLoaded();
            assertThat(browser.overflowsHorizontally()).as("list wider than 360 px").isFalse();
            openWebhook(id);
            assertThat(browser.overflowsHorizontally()).as("webhook page wider than 360 px").isFalse();
            browser.open("#/webhooks/new");
            browser.visible(By.id("webhook-form-url"));
            assertThat(browser.overflowsHorizontally()).as("create form wider than 360 px").isFalse();
        } finally {
            browser.desktop();
        }
    }

    private static void openWebhookSignedIn(Tenant tenant, String id) {
        browser.signIn(tenant.key());
        openWebhook(id);
    }
}
