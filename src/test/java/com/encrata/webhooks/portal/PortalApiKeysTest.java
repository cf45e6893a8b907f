package com.encrata.webhooks.portal;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The API keys screen: list, create (the key shown once), revoke. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalApiKeysTest extends BrowserTestBase {

    private static WebElement keyRow(String name) {
        return browser.waitUntil(d -> d.findElements(testId("key-row")).stream()
                .filter(r -> r.findElement(testId("key-name")).getText().equals(name)).findFirst().orElse(null));
    }

    private static void openKeys(Tenant tenant) {
        browser.signIn(tenant.key());
        browser.click(By.id("nav-keys"));
        browser.visible(By.id("key-list"));
    }

    @Test
    void listsTheKeysAndMarksTheOneSignedInWith() {
        Tenant tenant = Tenant.create();
        openKeys(tenant);

        WebElement row = keyRow("Test key");
        assertThat(row.getDomAttribute("data-key-id")).isEqualTo(tenant.keyId());
        assertThat(row.findElement(testId("key-preview")).getText()).isEqualTo("..." + tenant.key().substring(tenant.key().length() - 4));
        assertThat(row.getText()).contains("Signed in with this key");
    }

    @Test
    void createsAKeyShownOnceAndRevokesIt() {
        Tenant tenant = Tenant.create();
        openKeys(tenant);

        browser.type(By.id("key-name"), "CI deploys");
        browser.click(By.id("key-submit"));

        String key = browser.visible(By.id("new-key-value")).getDomProperty("value");
        assertThat(key).matches("enc_live_[A-Za-z0-9]{32}");
        assertThat(browser.text(By.id("new-key-panel"))).contains("will not be shown again");
        Tenant.bearer(key).get("/api/keys").then().statusCode(200);
        WebElement row = keyRow("CI deploys");
        assertThat(row.findElement(testId("key-preview")).getText()).isEqualTo("..." + key.substring(key.length() - 4));

        row.findElement(testId("revoke-key")).click();
        assertThat(browser.text(By.id("confirm-title"))).isEqualTo("Revoke the key “CI deploys”?");
        browser.confirm(true);

        browser.waitForText(By.id("notice"), "revoked");
        browser.waitUntil(d -> d.findElements(testId("key-name")).stream().noneMatch(n -> n.getText().equals("CI deploys")));
        Tenant.bearer(key).get("/api/keys").then().statusCode(401);
        tenant.authorized().get("/api/keys").then().statusCode(200);
        browser.open("#/keys");
        browser.visible(By.id("key-list"));
        assertThat(browser.driver().getPageSource()).doesNotContain(key);
    }

    @Test
    void anEmptyNameIsRefusedAtItsField() {
        openKeys(Tenant.create());

        browser.click(By.id("key-submit"));

        assertThat(browser.text(By.id("key-name-error"))).isNotBlank();
        assertThat(browser.driver().findElement(By.id("key-name")).getDomAttribute("aria-invalid")).isEqualTo("true");
    }
}
