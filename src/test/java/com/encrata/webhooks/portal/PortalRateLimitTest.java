package com.encrata.webhooks.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.encrata.webhooks.support.SmallLimits;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A 429 says how long to wait, and the page retries once by itself (limit: 3 requests per 3 s). */
@QuarkusTest
@TestProfile(SmallLimits.class)
class PortalRateLimitTest extends BrowserTestBase {

    @Test
    void waitsForRetryAfterAndRetriesOnce() {
        Tenant tenant = Tenant.create();
        String url = Webhooks.uniqueUrl();
        Webhooks.create(tenant, url);
        // Use up the key's window, so the page's next calls under /api/webhooks are refused.
        for (int i = 0; i < 3; i++) {
            tenant.authorized().get("/api/webhooks");
        }
        tenant.authorized().get("/api/webhooks").then().statusCode(429);
        browser.signedOut();
        browser.type(By.id("signin-key"), tenant.key());
        browser.click(By.id("signin-submit"));

        assertThat(browser.waitForText(By.id("notice"), "Retrying in")).contains("Too many requests");
        browser.webhookListLoaded();
        assertThat(browser.waitForText(By.cssSelector("[data-testid='webhook-url']"), url)).isEqualTo(url);
        browser.waitUntil(d -> !d.findElement(By.id("notice")).isDisplayed());
    }
}
