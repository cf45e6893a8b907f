package com.encrata.webhooks.portal;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Markup in API values (a description, a URL path, a receiver's answer, an event's data, a key
 * name) is shown literally and never runs. Each payload would set window.xss or the title if a
 * page parsed it as HTML; the CSP would block inline script too, so the tests also check that the
 * text is there verbatim and that no element was made from it.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalXssTest extends BrowserTestBase {

    private static final String MARKUP = "<img src=x onerror=\"window.xss='description';document.title='xss'\">"
            + "<script>window.xss='script'</script><b>bold?</b>";

    /** Key names are at most 100 characters. */
    private static final String SHORT_MARKUP = "<img src=x onerror=\"window.xss='key';document.title='xss'\"><b>bold?</b>";

    @AfterEach
    void nothingRan() {
        if (browser == null) {
            return;
        }
        assertThat(browser.script("return window.xss;")).as("window.xss").isNull();
        assertThat(browser.driver().getTitle()).isNotEqualTo("xss");
        assertThat(browser.driver().findElements(By.cssSelector("main img, main script, main b"))).isEmpty();
    }

    private static String webhook(Tenant tenant, String url, String description) {
        return tenant.api().body(Map.of("url", url, "events", List.of("lookup.completed"), "description", description))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    @Test
    void descriptionsAndUrlsAreText() {
        Tenant tenant = Tenant.create();
        String url = "https://hooks.example.com/%3Cscript%3Ewindow.xss%3D1%3C%2Fscript%3E/" + UUID.randomUUID()
                + "?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E";
        String id = webhook(tenant, url, MARKUP);
        browser.signIn(tenant.key());

        assertThat(browser.text(testId("webhook-description"))).isEqualTo(MARKUP);
        assertThat(browser.text(testId("webhook-url"))).isEqualTo(url);

        browser.open("#/webhooks/" + id);
        assertThat(browser.waitForText(By.id("webhook-title"), "hooks.example.com")).isEqualTo(url);
        assertThat(browser.text(testId("detail-description"))).isEqualTo(MARKUP);
        assertThat(browser.visible(By.id("edit-form-description")).getDomProperty("value")).isEqualTo(MARKUP);
        assertThat(browser.driver().getTitle()).startsWith(url);
    }

    @Test
    void receiverAnswersAndEventDataAreText() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("markup");
        String id = webhook(tenant, url, "answers with HTML");
        browser.signIn(tenant.key());
        browser.open("#/webhooks/" + id);

        browser.click(By.id("send-test"));
        assertThat(browser.waitForText(testId("test-status"), "Sent")).isEqualTo("Sent");
        assertThat(browser.text(testId("test-response-body"))).isEqualTo(HttpsReceiver.MARKUP);

        String data = "{\"note\":\"</pre><img src=x onerror=\\\"window.xss='payload'\\\">\"}";
        Events.lookupCompleted(tenant, data).statusCode(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> HttpsReceiver.receivedAt(url).size() == 2);
        browser.openDelivery(browser.awaitDelivery(row -> "success".equals(row.getDomAttribute("data-status"))
                && row.getText().contains("lookup.completed")));

        assertThat(browser.text(By.id("delivery-response-body"))).isEqualTo(HttpsReceiver.MARKUP);
        assertThat(browser.text(By.id("delivery-payload"))).contains("\"note\": \"</pre><img src=x onerror=\\\"window.xss='payload'\\\">\"");
    }

    @Test
    void keyNamesAreText() {
        Tenant tenant = Tenant.create();
        tenant.api().body(Map.of("name", SHORT_MARKUP)).post("/api/keys").then().statusCode(201);
        browser.signIn(tenant.key());
        browser.click(By.id("nav-keys"));

        browser.waitUntil(d -> d.findElements(testId("key-name")).stream().anyMatch(n -> n.getText().equals(SHORT_MARKUP)));
        browser.driver().findElements(testId("key-row")).stream()
                .filter(r -> r.getText().contains("bold?")).findFirst().orElseThrow()
                .findElement(testId("revoke-key")).click();
        assertThat(browser.text(By.id("confirm-title"))).isEqualTo("Revoke the key “" + SHORT_MARKUP + "”?");
        browser.confirm(false);
    }
}
