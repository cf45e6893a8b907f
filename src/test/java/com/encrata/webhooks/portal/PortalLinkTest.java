package com.encrata.webhooks.portal;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.encrata.webhooks.auth.ApiKeyTokens;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Opening the portal from a portal link (#token=...), and what happens when the session ends. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalLinkTest extends BrowserTestBase {

    /** A portal link as the admin API issues it; relative while ENCRATA_PUBLIC_URL is not set. */
    private static String portalLink(Tenant tenant) {
        return Tenant.admin().body(Map.of()).post("/admin/workspaces/" + tenant.workspaceId() + "/portal-sessions")
                .then().statusCode(201).extract().path("url");
    }

    private static String token(String link) {
        return link.substring(link.indexOf("#token=") + "#token=".length());
    }

    private static void open(String link) {
        browser.signedOut();
        browser.driver().get(link.startsWith("http") ? link : PortalBrowser.origin() + link);
    }

    @Test
    void aPortalLinkSignsInAndLeavesNoTokenInTheAddressBar() {
        Tenant tenant = Tenant.create();
        String url = Webhooks.uniqueUrl();
        Webhooks.create(tenant, url);
        String link = portalLink(tenant);

        open(link);

        browser.webhookListLoaded();
        assertThat(browser.text(testId("webhook-url"))).isEqualTo(url);
        assertThat(browser.text(By.id("session-label"))).isEqualTo("Portal session");
        assertThat((String) browser.script("return location.href;")).doesNotContain(token(link)).doesNotContain("token=");
        assertThat(browser.script("return window.localStorage.length;")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie;")).isEqualTo("");
    }

    @Test
    void portalSessionsDoNotSeeTheApiKeysScreen() {
        open(portalLink(Tenant.create()));
        browser.webhookListLoaded();

        assertThat(browser.driver().findElement(By.id("nav-keys")).isDisplayed()).isFalse();
        browser.open("#/keys");
        assertThat(browser.text(By.id("keys-unavailable"))).contains("cannot be managed from a portal link");
    }

    @Test
    void anExpiredPortalSessionReturnsToSignInWithAMessage() {
        Tenant tenant = Tenant.create();
        String link = portalLink(tenant);
        open(link);
        browser.webhookListLoaded();

        Database.update("UPDATE portal_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                (Object) ApiKeyTokens.hash(token(link)));
        browser.driver().navigate().refresh();

        assertThat(browser.waitForText(By.id("notice"), "portal session has ended")).contains("Open the portal again");
        browser.visible(By.id("signin-key"));
        assertThat(browser.script("return sessionStorage.length;")).isEqualTo(0L);
    }

    @Test
    void anExpiredPortalLinkSaysSo() {
        Tenant tenant = Tenant.create();
        String link = portalLink(tenant);
        Database.update("UPDATE portal_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                (Object) ApiKeyTokens.hash(token(link)));

        open(link);

        assertThat(browser.waitForText(By.id("notice"), "portal link is not valid")).contains("expired");
        assertThat((String) browser.script("return location.href;")).doesNotContain(token(link));
    }
}
