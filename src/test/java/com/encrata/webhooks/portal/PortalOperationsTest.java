package com.encrata.webhooks.portal;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Operating a webhook from its page (SPEC §9, §11): the delivery log's filters and its "Older"
 * pages, the chart of the last 24 hours, and the banner of a deactivated or failing webhook.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalOperationsTest extends BrowserTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static List<Map<String, Object>> deliveries(Tenant tenant, String webhookId) {
        return tenant.authorized().queryParam("webhook_id", webhookId).queryParam("limit", 100)
                .get("/api/webhooks/deliveries").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static void awaitSettled(Tenant tenant, String webhookId, int count) {
        await().atMost(WAIT).until(() -> {
            List<Map<String, Object>> list = deliveries(tenant, webhookId);
            return list.size() == count && list.stream().noneMatch(d -> "pending".equals(d.get("status")));
        });
    }

    private static JsonPath stats(Tenant tenant, String webhookId) {
        return tenant.authorized().queryParam("id", webhookId).get("/api/webhooks/stats").then().statusCode(200)
                .extract().jsonPath();
    }

    private static void openWebhook(String id) {
        browser.open("#/webhooks/" + id);
        browser.visible(By.id("deliveries"));
        logSettled();
    }

    /** Waits until no request of the delivery log is in flight. */
    private static void logSettled() {
        browser.waitUntil(d -> d.findElement(By.id("delivery-log")).getDomAttribute("aria-busy") == null);
    }

    private static List<String> rowIds() {
        return browser.driver().findElements(testId("delivery-row")).stream()
                .map(row -> row.getDomAttribute("data-delivery-id")).toList();
    }

    private static void awaitRows(int count) {
        browser.waitUntil(d -> d.findElement(By.id("delivery-log")).getDomAttribute("aria-busy") == null
                && d.findElements(testId("delivery-row")).size() == count);
    }

    /** A time as the page's datetime-local inputs hold it (the browser's local time, to the second). */
    private static String localInput(Instant at) {
        return (String) browser.script("const d = new Date(arguments[0]); const p = (n) => String(n).padStart(2, '0');"
                + " return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;",
                at.toString());
    }

    /** Types a value into a datetime-local input as a person's change would (the page listens to change). */
    private static void setTime(String id, String value) {
        browser.script("const input = document.getElementById(arguments[0]); input.value = arguments[1];"
                + " input.dispatchEvent(new Event('change'));", id, value);
    }

    private static List<String> shownEvents() {
        return browser.driver().findElements(testId("delivery-event")).stream().map(WebElement::getText).toList();
    }

    @Test
    void filtersTheLogByEventTypeTimeRangeAndStatus() throws InterruptedException {
        Tenant tenant = Tenant.create();
        // The first request to a flaky-1 path fails (the test send), every later one succeeds.
        String id = Webhooks.id(tenant, HttpsReceiver.url("flaky-1"), "lookup.completed", "credits.low");
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200);
        Thread.sleep(1_500);
        Instant split = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Thread.sleep(1_500);
        Events.lookupCompleted(tenant, "{\"lookup_id\":\"lu_1\"}").statusCode(202);
        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{\"remaining\":10}}")
                .statusCode(202);
        awaitSettled(tenant, id, 3);
        browser.signIn(tenant.key());
        openWebhook(id);
        awaitRows(3);

        Select eventType = new Select(browser.visible(By.id("delivery-event-filter")));
        assertThat(eventType.getOptions()).extracting(option -> option.getDomAttribute("value"))
                .contains("", "lookup.completed", "credits.low", "credits.exhausted", "test");
        eventType.selectByValue("credits.low");
        awaitRows(1);
        assertThat(shownEvents()).containsExactly("credits.low");
        eventType.selectByValue("test");
        awaitRows(1);
        assertThat(shownEvents()).containsExactly("test");
        assertThat(browser.text(testId("delivery-status"))).isEqualTo("Failed");
        eventType.selectByValue("");
        awaitRows(3);

        setTime("delivery-since", localInput(split));
        awaitRows(2);
        assertThat(shownEvents()).containsExactlyInAnyOrder("lookup.completed", "credits.low");
        setTime("delivery-since", "");
        setTime("delivery-until", localInput(split));
        awaitRows(1);
        assertThat(shownEvents()).containsExactly("test");
        // An empty range is said at the inputs, and nothing is asked.
        setTime("delivery-since", localInput(split));
        assertThat(browser.text(By.id("delivery-range-error"))).isEqualTo("\"Created before\" must be later than \"Created from\".");
        assertThat(browser.driver().findElements(testId("delivery-row"))).isEmpty();
        setTime("delivery-until", localInput(split.plus(1, ChronoUnit.HOURS)));
        awaitRows(2);
        assertThat(browser.driver().findElement(By.id("delivery-range-error")).isDisplayed()).isFalse();

        // Status and event type together.
        new Select(browser.visible(By.id("delivery-filter"))).selectByValue("failed");
        browser.visible(By.id("deliveries-empty"));
        assertThat(browser.text(By.id("deliveries-empty"))).isEqualTo("No deliveries match these filters.");
        setTime("delivery-since", "");
        setTime("delivery-until", "");
        awaitRows(1);
        assertThat(shownEvents()).containsExactly("test");
        new Select(browser.visible(By.id("delivery-filter"))).selectByValue("success");
        eventType.selectByValue("lookup.completed");
        awaitRows(1);
        assertThat(shownEvents()).containsExactly("lookup.completed");

        browser.click(By.id("clear-delivery-filters"));
        awaitRows(3);
        assertThat(browser.driver().findElement(By.id("delivery-filter")).getDomProperty("value")).isEmpty();
        assertThat(browser.driver().findElement(By.id("delivery-event-filter")).getDomProperty("value")).isEmpty();
    }

    @Test
    void olderPagesThroughEveryDeliveryOnce() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, HttpsReceiver.url("ok"), "lookup.completed");
        for (int i = 0; i < 7; i++) {
            Events.lookupCompleted(tenant, "{\"lookup_id\":\"lu_" + i + "\"}").statusCode(202);
        }
        awaitSettled(tenant, id, 7);
        List<String> newestFirst = deliveries(tenant, id).stream().map(d -> (String) d.get("id")).toList();
        browser.signIn(tenant.key());
        openWebhook(id);
        assertThat(browser.driver().findElement(By.id("deliveries")).getDomAttribute("data-page-size")).isEqualTo("25");
        awaitRows(7);
        assertThat(browser.driver().findElement(By.id("older-deliveries")).isDisplayed()).isFalse();

        browser.script("document.getElementById('deliveries').dataset.pageSize = '3';");
        browser.click(By.id("refresh-deliveries"));
        awaitRows(3);
        assertThat(browser.text(By.id("delivery-count"))).isEqualTo("3 deliveries shown. Older ones follow.");
        browser.click(By.id("older-deliveries"));
        awaitRows(6);
        browser.click(By.id("older-deliveries"));
        awaitRows(7);
        browser.gone(By.id("older-deliveries"));
        assertThat(browser.text(By.id("delivery-count"))).isEqualTo("7 deliveries shown.");
        assertThat(rowIds()).containsExactlyElementsOf(newestFirst).doesNotHaveDuplicates();

        // A filter starts again from the newest.
        new Select(browser.visible(By.id("delivery-filter"))).selectByValue("success");
        awaitRows(3);
        assertThat(rowIds()).containsExactlyElementsOf(newestFirst.subList(0, 3));
        browser.visible(By.id("older-deliveries"));

        // A delivery reached through "Older" opens, though it is not on the first page.
        browser.click(By.id("older-deliveries"));
        awaitRows(6);
        browser.click(By.id("older-deliveries"));
        awaitRows(7);
        String oldest = newestFirst.get(6);
        browser.openDelivery(oldest);
        assertThat(browser.text(testId("delivery-detail-id"))).isEqualTo(oldest);
        assertThat(browser.text(By.id("delivery-payload"))).contains("lu_0");
    }

    @Test
    void chartsTheLast24HoursWithTheFiguresInWords() {
        Tenant tenant = Tenant.create();
        String id = tenant.api().body(Map.of("url", "https://orders.acme-shop.example/webhooks/encrata",
                "events", List.of("lookup.completed", "credits.low"), "description", "Order sync (production)"))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
        Instant thisHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        UUID webhook = UUID.fromString(id);
        // The hours as the engine rolls them up: {hours ago, succeeded, failed}.
        int[][] seeded = {{20, 3, 4}, {17, 8, 0}, {14, 12, 1}, {9, 15, 0}, {6, 9, 3}, {3, 10, 2}, {1, 14, 0}};
        for (int[] hour : seeded) {
            Instant at = thisHour.minus(hour[0], ChronoUnit.HOURS);
            Database.update("INSERT INTO webhook_stats (webhook_id, hour, attempts, succeeded, failed, latency_buckets,"
                    + " last_success_at, last_failure_at) VALUES (?, ?::timestamptz, ?, ?, ?,"
                    + " ARRAY[0, 0, 0, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0], ?::timestamptz, ?::timestamptz)",
                    webhook, at.toString(), hour[1] + hour[2], hour[1], hour[2], hour[1] + hour[2],
                    at.plus(50, ChronoUnit.MINUTES).toString(), hour[2] > 0 ? at.plus(20, ChronoUnit.MINUTES).toString() : null);
        }
        browser.signIn(tenant.key());
        openWebhook(id);

        browser.visible(By.id("chart-svg"));
        assertThat(browser.text(By.id("chart-summary"))).isEqualTo("Last 24 hours: 81 attempts, 71 succeeded, 10 failed.");
        List<WebElement> hours = browser.driver().findElements(testId("chart-hour"));
        assertThat(hours).hasSize(24);
        WebElement mixed = browser.driver().findElement(By.cssSelector(
                "[data-testid='chart-hour'][data-hour='" + thisHour.minus(3, ChronoUnit.HOURS) + "']"));
        assertThat(mixed.getDomAttribute("data-succeeded")).isEqualTo("10");
        assertThat(mixed.getDomAttribute("data-failed")).isEqualTo("2");
        assertThat(mixed.findElements(By.cssSelector("rect.chart-succeeded"))).hasSize(1);
        assertThat(mixed.findElements(By.cssSelector("rect.chart-failed"))).hasSize(1);
        assertThat(mixed.findElement(By.tagName("title")).getDomProperty("textContent"))
                .endsWith(": 12 attempts, 10 succeeded, 2 failed");
        WebElement quiet = hours.get(23);
        assertThat(quiet.getDomAttribute("data-hour")).isEqualTo(thisHour.toString());
        assertThat(quiet.findElements(By.cssSelector("rect.chart-succeeded, rect.chart-failed"))).isEmpty();
        // Failed bars are hatched, not only another colour, and the legend says so in words.
        assertThat(mixed.findElement(By.cssSelector("rect.chart-failed")).getDomAttribute("fill")).isEqualTo("url(#chart-hatch)");
        assertThat(browser.text(By.id("chart-legend"))).contains("Succeeded (solid)", "Failed (hatched");

        // The same figures as a table: 24 rows, oldest first.
        List<WebElement> rows = browser.driver().findElements(testId("chart-row"));
        assertThat(rows).hasSize(24);
        assertThat(rows.get(20).findElements(By.tagName("td"))).extracting(td -> td.getDomProperty("textContent"))
                .containsExactly("12", "10", "2");
        assertThat(rows.get(23).findElements(By.tagName("td"))).extracting(td -> td.getDomProperty("textContent"))
                .containsExactly("0", "0", "0");
        // Its latest attempt succeeded: no banner.
        assertThat(browser.driver().findElements(By.id("webhook-banner"))).isEmpty();
        assertThat(browser.text(By.id("webhook-screen"))).doesNotContainPattern("\\b(null|undefined|NaN)\\b");
        browser.screenshot("webhook-chart");

        browser.phone(360);
        try {
            browser.waitUntil(d -> ((Number) browser.script(
                    "return document.getElementById('chart-svg').getBoundingClientRect().width;")).doubleValue() < 360);
            double right = ((Number) browser.script(
                    "return document.getElementById('chart-svg').getBoundingClientRect().right;")).doubleValue();
            assertThat(right).isLessThanOrEqualTo(360);
            assertThat(browser.driver().findElements(testId("chart-hour"))).hasSize(24);
            // Drawn at its width, so the labels keep a readable size instead of shrinking with the picture.
            double fontSize = ((Number) browser.script("return parseFloat(getComputedStyle("
                    + "document.querySelector('#chart-svg text.chart-label')).fontSize) * "
                    + "document.getElementById('chart-svg').getBoundingClientRect().width"
                    + " / document.getElementById('chart-svg').viewBox.baseVal.width;")).doubleValue();
            assertThat(fontSize).isGreaterThanOrEqualTo(10);
            assertThat(browser.overflowsHorizontally()).isFalse();
        } finally {
            browser.desktop();
        }
    }

    @Test
    void aPausedWebhookSaysSoAndSinceWhen() {
        Tenant tenant = Tenant.create();
        String url = Webhooks.uniqueUrl();
        String id = Webhooks.id(tenant, url, "lookup.completed");
        tenant.api().body(Map.of("id", id, "url", url, "is_active", false)).put("/api/webhooks").then().statusCode(200);
        String at = stats(tenant, id).getString("deactivated.at");
        browser.signIn(tenant.key());
        openWebhook(id);

        WebElement banner = browser.visible(By.id("webhook-banner"));
        assertThat(banner.getDomAttribute("data-condition")).isEqualTo("paused");
        assertThat(browser.text(testId("banner-title"))).isEqualTo("Paused");
        assertThat(browser.text(testId("banner-since"))).startsWith("Since ");
        assertThat(banner.findElement(By.cssSelector("[data-testid='banner-since'] time")).getDomAttribute("datetime"))
                .isEqualTo(at);

        // Resumed: the banner goes.
        browser.click(By.id("toggle-active"));
        browser.waitForText(testId("webhook-state"), "Active");
        assertThat(browser.driver().findElements(By.id("webhook-banner"))).isEmpty();
    }

    @Test
    void aWebhookDisabledByA410SaysWhy() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, HttpsReceiver.url("gone"), "lookup.completed");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).until(() -> stats(tenant, id).get("deactivated") != null);
        browser.signIn(tenant.key());
        openWebhook(id);

        assertThat(browser.text(testId("banner-title"))).isEqualTo("Disabled: the endpoint answered 410 Gone");
        assertThat(browser.text(testId("banner-since"))).startsWith("Since ");
        assertThat(browser.visible(By.id("webhook-banner")).getDomAttribute("data-condition")).isEqualTo("gone");
    }

    @Test
    void aFailingWebhookSaysItsLatestAttemptsFailed() {
        Tenant tenant = Tenant.create();
        String failingId = Webhooks.id(tenant, HttpsReceiver.url("fail"), "lookup.completed");
        String healthyId = Webhooks.id(tenant, HttpsReceiver.url("ok"), "lookup.completed");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        awaitSettled(tenant, failingId, 1);
        awaitSettled(tenant, healthyId, 1);
        await().atMost(WAIT).until(() -> stats(tenant, failingId).getInt("failed") > 0
                && stats(tenant, healthyId).getInt("succeeded") > 0);
        browser.signIn(tenant.key());

        WebElement failingRow = browser.visible(By.cssSelector("[data-testid='webhook-row'][data-webhook-id='" + failingId + "']"));
        assertThat(failingRow.findElement(testId("webhook-state")).getText()).isEqualTo("Active");
        assertThat(failingRow.findElement(testId("webhook-failing")).getText()).isEqualTo("Failing");
        WebElement healthyRow = browser.visible(By.cssSelector("[data-testid='webhook-row'][data-webhook-id='" + healthyId + "']"));
        assertThat(healthyRow.findElements(testId("webhook-failing"))).isEmpty();

        openWebhook(failingId);
        assertThat(browser.visible(By.id("webhook-banner")).getDomAttribute("data-condition")).isEqualTo("failing-now");
        assertThat(browser.text(testId("banner-title"))).isEqualTo("Failing: the latest attempts failed");
        assertThat(browser.text(testId("banner-since"))).startsWith("No success in the last 24 hours. Last failure: ");
        assertThat(browser.text(By.id("webhook-screen"))).doesNotContainPattern("\\b(null|undefined|NaN)\\b");
    }
}
