package com.encrata.webhooks.portal;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Signing in with an API key, where the credential is kept (and where not), and signing out. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalSignInTest extends BrowserTestBase {

    @Test
    void signsInWithAnApiKeyAndShowsTheWorkspacesWebhooks() {
        Tenant tenant = Tenant.create();
        String url = Webhooks.uniqueUrl();
        Webhooks.create(tenant, url);

        browser.signIn(tenant.key());

        assertThat(browser.text(testId("webhook-url"))).isEqualTo(url);
        assertThat(browser.text(By.id("session-label"))).isEqualTo("Key …" + tenant.key().substring(tenant.key().length() - 4));
        assertThat(browser.visible(By.id("signout")).getText()).isEqualTo("Sign out");
    }

    @Test
    void keepsTheCredentialOutOfLocalStorageCookiesAndUrls() {
        Tenant tenant = Tenant.create();
        Webhooks.create(tenant);
        browser.signIn(tenant.key());
        browser.click(testId("webhook-url"));
        browser.visible(By.id("deliveries"));

        assertThat(browser.script("return window.localStorage.length;")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie;")).isEqualTo("");
        assertThat((String) browser.script("return location.href;")).doesNotContain(tenant.key());
        assertThat(browser.script("return location.search;")).isEqualTo("");
        @SuppressWarnings("unchecked")
        List<String> requested = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        assertThat(requested).anyMatch(u -> u.contains("/api/webhooks")).noneMatch(u -> u.contains(tenant.key()));
        // Only the tab's session storage holds it, and only until sign-out.
        assertThat(browser.script("return sessionStorage.getItem('encrata.portal.credential');")).isEqualTo(tenant.key());
    }

    @Test
    void refusesAnUnknownKeyWithAMessage() {
        browser.signedOut();
        browser.click(By.id("signin-submit"));
        assertThat(browser.text(By.id("signin-key-error"))).isEqualTo("Paste an API key to sign in.");

        browser.type(By.id("signin-key"), "enc_live_" + "x".repeat(32));
        browser.click(By.id("signin-submit"));

        assertThat(browser.waitForText(By.id("notice"), "not accepted")).contains("That API key was not accepted");
        assertThat(browser.visible(By.id("signin-key")).isDisplayed()).isTrue();
        assertThat(browser.script("return sessionStorage.length;")).isEqualTo(0L);
    }

    @Test
    void signOutForgetsTheCredential() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());

        browser.click(By.id("signout"));

        browser.visible(By.id("signin-key"));
        assertThat(browser.text(By.id("notice"))).contains("signed out");
        assertThat(browser.script("return sessionStorage.length + localStorage.length;")).isEqualTo(0L);
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
        browser.driver().navigate().refresh();
        browser.visible(By.id("signin-key"));
    }

    @Test
    void aRevokedKeyReturnsToSignInWithAMessage() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());

        tenant.authorized().queryParam("id", tenant.keyId()).delete("/api/keys").then().statusCode(200);
        browser.click(By.id("nav-keys"));

        assertThat(browser.waitForText(By.id("notice"), "no longer accepted")).contains("revoked");
        browser.visible(By.id("signin-key"));
        assertThat(browser.script("return sessionStorage.length;")).isEqualTo(0L);
    }

    @Test
    void reloadingKeepsTheSessionOfTheTab() {
        Tenant tenant = Tenant.create();
        String url = Webhooks.uniqueUrl();
        Webhooks.create(tenant, url);
        browser.signIn(tenant.key());

        browser.driver().navigate().refresh();

        browser.webhookListLoaded();
        assertThat(browser.text(testId("webhook-url"))).isEqualTo(url);
    }
}
