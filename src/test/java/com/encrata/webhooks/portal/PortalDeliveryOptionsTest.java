package com.encrata.webhooks.portal;

import java.security.MessageDigest;
import java.util.HexFormat;

import static com.encrata.webhooks.portal.PortalBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.encrata.webhooks.support.TestCa;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The delivery options of the create and edit forms (SPEC §9, §10): header rows, authentication with
 * write-only secrets that never come back into the page, and the filter with its check against
 * each event type's example.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class PortalDeliveryOptionsTest extends BrowserTestBase {

    private static JsonPath webhook(Tenant tenant, String id) {
        return tenant.authorized().queryParam("id", id).get("/api/webhooks").then().statusCode(200).extract().jsonPath();
    }

    private static String create(Tenant tenant, Map<String, Object> options) {
        Map<String, Object> body = new LinkedHashMap<>(options);
        body.put("url", Webhooks.uniqueUrl());
        body.put("events", List.of("lookup.completed", "credits.low"));
        return tenant.api().body(body).post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private static String secret(String kind) {
        return kind + "-" + UUID.randomUUID();
    }

    private static void openWebhook(Tenant tenant, String id) {
        browser.signIn(tenant.key());
        openWebhook(id);
    }

    private static void openWebhook(String id) {
        browser.open("#/webhooks/" + id);
        browser.visible(By.id("edit-form"));
    }

    /** Saves the edit form and waits for the page drawn again from the saved webhook. */
    private static void save() {
        browser.script("document.getElementById('notice').hidden = true;"
                + " document.getElementById('edit-form').dataset.saved = 'before';");
        browser.click(By.id("edit-submit"));
        browser.waitForText(By.id("notice"), "Changes saved.");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#edit-form:not([data-saved])")).size() == 1);
    }

    private static void chooseAuth(String form, String type) {
        new Select(browser.visible(By.id(form + "-auth-type"))).selectByValue(type);
    }

    private static WebElement control(String id) {
        return browser.driver().findElement(By.id(id));
    }

    private static String value(String id) {
        return control(id).getDomProperty("value");
    }

    /**
     * Neither the markup, nor any field's value, nor the tab's storage holds any of the secrets: the
     * page never puts one back, not even what was typed.
     */
    private static void assertNoSecretInThePage(String... secrets) {
        String page = browser.driver().getPageSource() + "\n" + browser.script(
                "return [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\\n')"
                        + " + JSON.stringify(sessionStorage) + JSON.stringify(localStorage);");
        for (String secret : secrets) {
            assertThat(page).as("the page holds a secret").doesNotContain(secret);
        }
    }

    @Test
    void createsAWebhookWithTwoHeadersAndBasicAuth() {
        Tenant tenant = Tenant.create();
        String password = secret("pw");
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), "https://hooks.acme-shop.example/encrata/with-options");
        browser.click(By.cssSelector("label[for='webhook-form-events-credits-low']"));
        assertThat(browser.text(By.id("webhook-form-headers-none"))).isEqualTo("No headers of your own.");

        browser.click(By.id("webhook-form-headers-add"));
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("webhook-form-header-0-name");
        browser.type(By.id("webhook-form-header-0-name"), "X-Env");
        browser.type(By.id("webhook-form-header-0-value"), "production");
        browser.click(By.id("webhook-form-headers-add"));
        browser.type(By.id("webhook-form-header-1-name"), "X-Tenant");
        browser.type(By.id("webhook-form-header-1-value"), "acme shop");
        browser.click(By.id("webhook-form-headers-add"));
        browser.type(By.id("webhook-form-header-2-name"), "X-Dropped");
        // Removed with the keyboard.
        control("webhook-form-header-2-remove").sendKeys(Keys.ENTER);
        assertThat(browser.driver().findElements(testId("header-row"))).hasSize(2);
        assertThat(browser.text(By.cssSelector("label[for='webhook-form-header-1-name']"))).isEqualTo("Header name");
        assertThat(browser.text(By.cssSelector("label[for='webhook-form-header-1-value']"))).isEqualTo("Value");

        chooseAuth("webhook-form", "basic");
        assertThat(browser.visible(By.id("webhook-form-auth-password")).getDomAttribute("type")).isEqualTo("password");
        assertThat(control("webhook-form-auth-token").isDisplayed()).isFalse();
        browser.type(By.id("webhook-form-auth-username"), "encrata");
        browser.type(By.id("webhook-form-auth-password"), password);
        browser.click(By.id("webhook-submit"));

        browser.visible(By.id("secret-value"));
        assertNoSecretInThePage(password);
        JsonPath stored = tenant.authorized().get("/api/webhooks").then().statusCode(200).extract().jsonPath();
        assertThat(stored.<String, String>getMap("[0].headers"))
                .containsExactly(entry("X-Env", "production"), entry("X-Tenant", "acme shop"));
        assertThat(stored.<String, Object>getMap("[0].auth")).isEqualTo(Map.of("type", "basic", "username", "encrata"));
        assertThat(stored.getString("[0].filter")).isNull();

        browser.click(By.id("open-created"));
        browser.visible(By.id("edit-form"));
        assertThat(browser.text(testId("detail-headers"))).contains("X-Env: production", "X-Tenant: acme shop");
        assertThat(browser.text(testId("detail-auth"))).contains("Basic", "password set", "Username: encrata");
        assertThat(browser.text(testId("detail-filter"))).startsWith("None");
        assertThat(value("edit-form-header-0-name")).isEqualTo("X-Env");
        assertThat(value("edit-form-header-1-value")).isEqualTo("acme shop");
        assertThat(new Select(control("edit-form-auth-type")).getFirstSelectedOption().getText()).startsWith("Basic");
        assertThat(value("edit-form-auth-username")).isEqualTo("encrata");
        assertThat(value("edit-form-auth-password")).isEmpty();
        assertThat(control("edit-form-auth-password").getDomAttribute("placeholder")).isEqualTo("set — leave empty to keep");
        assertNoSecretInThePage(password);
        browser.driver().navigate().refresh();
        browser.visible(By.id("edit-form"));
        assertNoSecretInThePage(password);
    }

    @Test
    void anEditKeepsASecretLeftEmptyAndNoneRemovesTheCredentials() {
        Tenant tenant = Tenant.create();
        String password = secret("pw");
        String token = secret("token");
        String id = create(tenant, Map.of("auth", Map.of("type", "basic", "username", "ops", "password", password)));
        openWebhook(tenant, id);
        assertThat(browser.text(By.id("edit-form-auth-password-hint"))).startsWith("Set.");

        chooseAuth("edit-form", "bearer");
        // Nothing of that type is stored: the token is asked for, not "set".
        assertThat(control("edit-form-auth-token").getDomAttribute("placeholder")).isNull();
        browser.type(By.id("edit-form-auth-token"), token);
        save();

        assertThat(webhook(tenant, id).<String, Object>getMap("auth")).isEqualTo(Map.of("type", "bearer"));
        browser.waitForText(testId("detail-auth"), "Bearer token, set");
        assertThat(new Select(control("edit-form-auth-type")).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("bearer");
        assertThat(value("edit-form-auth-token")).isEmpty();
        assertThat(control("edit-form-auth-token").getDomAttribute("placeholder")).contains("set");
        assertThat(browser.text(By.id("edit-form-auth-token-hint"))).startsWith("Set.");
        assertNoSecretInThePage(password, token);

        // Saved again without a token: the stored one is kept (the service would refuse a bearer without one).
        browser.type(By.id("edit-form-description"), "token kept");
        save();
        JsonPath stored = webhook(tenant, id);
        assertThat(stored.getString("description")).isEqualTo("token kept");
        assertThat(stored.<String, Object>getMap("auth")).isEqualTo(Map.of("type", "bearer"));
        browser.driver().navigate().refresh();
        browser.visible(By.id("edit-form"));
        assertNoSecretInThePage(password, token);

        chooseAuth("edit-form", "none");
        assertThat(browser.text(By.id("edit-form-auth-none-hint"))).contains("removes the stored credentials");
        save();
        assertThat(webhook(tenant, id).getString("auth")).isNull();
        browser.waitForText(testId("detail-auth"), "None");
        assertThat(new Select(control("edit-form-auth-type")).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("none");
    }

    @Test
    void setsOAuth2ThenAnMtlsCertificateShownByItsFingerprint() throws Exception {
        Tenant tenant = Tenant.create();
        String clientSecret = secret("client-secret");
        String id = create(tenant, Map.of());
        openWebhook(tenant, id);

        chooseAuth("edit-form", "oauth2");
        browser.type(By.id("edit-form-auth-token-url"), "https://auth.acme-shop.example/oauth/token");
        browser.type(By.id("edit-form-auth-client-id"), "encrata-webhooks");
        browser.type(By.id("edit-form-auth-client-secret"), clientSecret);
        browser.type(By.id("edit-form-auth-scope"), "webhooks:write");
        browser.type(By.id("edit-form-auth-audience"), "https://hooks.acme-shop.example");
        save();

        assertThat(webhook(tenant, id).<String, Object>getMap("auth")).isEqualTo(Map.of("type", "oauth2",
                "token_url", "https://auth.acme-shop.example/oauth/token", "client_id", "encrata-webhooks",
                "scope", "webhooks:write", "audience", "https://hooks.acme-shop.example"));
        assertThat(browser.waitForText(testId("detail-auth"), "OAuth2")).contains("client secret set",
                "Token URL: https://auth.acme-shop.example/oauth/token", "Client ID: encrata-webhooks", "Scope: webhooks:write");
        assertThat(value("edit-form-auth-token-url")).isEqualTo("https://auth.acme-shop.example/oauth/token");
        assertThat(value("edit-form-auth-client-id")).isEqualTo("encrata-webhooks");
        assertThat(value("edit-form-auth-scope")).isEqualTo("webhooks:write");
        assertThat(value("edit-form-auth-audience")).isEqualTo("https://hooks.acme-shop.example");
        assertThat(value("edit-form-auth-client-secret")).isEmpty();
        assertThat(control("edit-form-auth-client-secret").getDomAttribute("placeholder")).isEqualTo("set — leave empty to keep");
        assertNoSecretInThePage(clientSecret);

        TestCa.Client identity = TestCa.create("Portal test CA").client("encrata-webhooks-client", "EC", true);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded()));
        // The first line of the key's base64 body: in the page only if the key were put back into it.
        String keyBody = identity.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
        chooseAuth("edit-form", "mtls");
        assertThat(browser.driver().findElements(testId("auth-certificate-stored"))).isEmpty();
        assertThat(control("edit-form-auth-certificate").getTagName()).isEqualTo("textarea");
        assertThat(control("edit-form-auth-private-key").getTagName()).isEqualTo("textarea");
        browser.type(By.id("edit-form-auth-certificate"), identity.certificatePem());
        browser.type(By.id("edit-form-auth-private-key"), identity.privateKeyPem());
        save();

        JsonPath stored = webhook(tenant, id);
        assertThat(stored.getString("auth.type")).isEqualTo("mtls");
        assertThat(stored.getString("auth.certificate_sha256")).isEqualTo(sha256);
        assertThat(stored.getString("auth.not_after")).isNotBlank();
        assertThat(browser.text(testId("auth-certificate-sha256"))).isEqualTo(sha256);
        assertThat(browser.text(testId("auth-certificate-stored"))).contains("valid until");
        assertThat(browser.text(testId("detail-auth"))).contains("mTLS", "private key set", sha256, "Valid until");
        assertThat(value("edit-form-auth-certificate")).isEmpty();
        assertThat(value("edit-form-auth-private-key")).isEmpty();
        assertThat(control("edit-form-auth-private-key").getDomAttribute("placeholder")).isEqualTo("set — leave empty to keep");
        assertNoSecretInThePage(clientSecret, keyBody);

        // Unchanged (the API never gives the certificate back): the stored certificate and key stay.
        browser.type(By.id("edit-form-description"), "certificate kept");
        save();
        stored = webhook(tenant, id);
        assertThat(stored.getString("description")).isEqualTo("certificate kept");
        assertThat(stored.getString("auth.certificate_sha256")).isEqualTo(sha256);
        browser.driver().navigate().refresh();
        browser.visible(By.id("edit-form"));
        assertNoSecretInThePage(clientSecret, keyBody);
    }

    @Test
    void aRefusedHeaderIsShownAtItsRowAndNothingIsStored() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), Webhooks.uniqueUrl());
        browser.click(By.cssSelector("label[for='webhook-form-events-credits-low']"));
        browser.click(By.id("webhook-form-headers-add"));
        browser.type(By.id("webhook-form-header-0-name"), "X-Env");
        browser.type(By.id("webhook-form-header-0-value"), "production");
        browser.click(By.id("webhook-form-headers-add"));
        browser.type(By.id("webhook-form-header-1-name"), "Host");
        browser.type(By.id("webhook-form-header-1-value"), "example.com");
        browser.click(By.id("webhook-submit"));

        assertThat(browser.text(By.id("webhook-form-header-1-error"))).contains("not allowed");
        assertThat(control("webhook-form-header-1-name").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(control("webhook-form-header-0-error").isDisplayed()).isFalse();
        assertThat(control("webhook-form-header-0-name").getDomAttribute("aria-invalid")).isNull();
        assertThat(value("webhook-form-header-1-value")).isEqualTo("example.com");
        assertThat(tenant.authorized().get("/api/webhooks").then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();

        // The same name twice (names are case-insensitive) is said at the second row by the page itself.
        browser.type(By.id("webhook-form-header-1-name"), "x-env");
        browser.click(By.id("webhook-submit"));
        assertThat(browser.waitForText(By.id("webhook-form-header-1-error"), "Repeats")).contains("case-insensitive");
        assertThat(control("webhook-form-header-0-error").isDisplayed()).isFalse();
        assertThat(tenant.authorized().get("/api/webhooks").then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();
    }

    @Test
    void editsTheHeadersAndEmptyingThemRemovesThem() {
        Tenant tenant = Tenant.create();
        String id = create(tenant, Map.of("headers", Map.of("X-Env", "staging")));
        openWebhook(tenant, id);
        assertThat(browser.text(testId("detail-headers"))).isEqualTo("X-Env: staging");

        browser.type(By.id("edit-form-header-0-value"), "production");
        browser.click(By.id("edit-form-headers-add"));
        browser.type(By.id("edit-form-header-1-name"), "X-Region");
        browser.type(By.id("edit-form-header-1-value"), "eu-west");
        save();
        assertThat(webhook(tenant, id).<String, String>getMap("headers"))
                .containsExactly(entry("X-Env", "production"), entry("X-Region", "eu-west"));
        browser.waitForText(testId("detail-headers"), "X-Region: eu-west");

        browser.click(By.id("edit-form-header-1-remove"));
        browser.click(By.id("edit-form-header-0-remove"));
        assertThat(browser.text(By.id("edit-form-headers-none"))).isEqualTo("No headers of your own.");
        save();
        assertThat(webhook(tenant, id).<String, String>getMap("headers")).isEmpty();
        browser.waitForText(testId("detail-headers"), "None");
    }

    @Test
    void savesTheFilterShowsItAndClearsIt() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-url"), Webhooks.uniqueUrl());
        browser.click(By.cssSelector("label[for='webhook-form-events-credits-low']"));
        browser.type(By.id("webhook-form-filter"), "data.balance < 100");
        browser.click(By.id("webhook-submit"));
        browser.visible(By.id("secret-value"));
        assertThat(tenant.authorized().get("/api/webhooks").then().extract().jsonPath().getString("[0].filter"))
                .isEqualTo("data.balance < 100");

        browser.click(By.id("open-created"));
        browser.visible(By.id("edit-form"));
        assertThat(browser.text(testId("detail-filter"))).isEqualTo("data.balance < 100");
        assertThat(value("edit-form-filter")).isEqualTo("data.balance < 100");
        assertThat(browser.text(By.id("edit-form-filter-status"))).startsWith("Not checked");

        control("edit-form-filter").clear();
        save();
        String id = tenant.authorized().get("/api/webhooks").then().extract().path("[0].id");
        assertThat(webhook(tenant, id).getString("filter")).isNull();
        browser.waitForText(testId("detail-filter"), "None");
    }

    /** Needs POST /api/webhooks/filter-test (SPEC §10). */
    @Test
    void saysForEachEventsExampleWhetherTheFilterMatches() {
        Tenant tenant = Tenant.create();
        browser.signIn(tenant.key());
        browser.click(By.id("new-webhook"));
        browser.type(By.id("webhook-form-filter"), "event.startsWith(\"credits.\") && data.balance < 100");
        browser.click(By.id("webhook-form-filter-check"));

        assertThat(checked("webhook-form")).isEqualTo("Checked against 9 examples.");
        assertThat(result("webhook-form", "credits.exhausted")).isEqualTo("Matches");
        assertThat(result("webhook-form", "credits.low")).isEqualTo("Does not match");
        assertThat(result("webhook-form", "lookup.completed")).isEqualTo("Does not match");
        assertThat(result("webhook-form", "apikey.created")).isEqualTo("Does not match");

        // Typing makes the answers out of date until the next check.
        control("webhook-form-filter").sendKeys(" || event == \"lookup.completed\"");
        assertThat(result("webhook-form", "credits.exhausted")).isEqualTo("Not checked");
        browser.click(By.id("webhook-form-filter-check"));
        assertThat(checked("webhook-form")).isEqualTo("Checked against 9 examples.");
        assertThat(result("webhook-form", "lookup.completed")).isEqualTo("Matches");
        assertThat(result("webhook-form", "credits.exhausted")).isEqualTo("Matches");
        assertThat(result("webhook-form", "credits.low")).isEqualTo("Does not match");

        browser.type(By.id("webhook-form-filter"), "data.balance <");
        browser.click(By.id("webhook-form-filter-check"));
        assertThat(browser.text(By.id("webhook-form-filter-error"))).isNotBlank();
        assertThat(control("webhook-form-filter").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(result("webhook-form", "credits.exhausted")).isEqualTo("Not checked");
    }

    /** The check's status line once the check is over. */
    private static String checked(String form) {
        return browser.waitUntil(d -> {
            String status = d.findElement(By.id(form + "-filter-status")).getText();
            return status.startsWith("Checking") ? null : status;
        });
    }

    private static String result(String form, String event) {
        return browser.waitUntil(d -> {
            String word = d.findElement(By.cssSelector("#" + form + "-filter-results [data-event='" + event + "']"))
                    .findElement(testId("filter-result-word")).getText();
            return word.equals("Checking…") ? null : word;
        });
    }

    @Test
    void showsTheOptionsOnItsPageAndReadsWellOnA360PixelScreen() {
        Tenant tenant = Tenant.create();
        String token = secret("token");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("headers", Map.of("X-Env", "production", "X-Tenant-Id", "acme-shop-eu-west-1"));
        options.put("auth", Map.of("type", "bearer", "token", token));
        options.put("filter", "event.startsWith(\"credits.\") && data.balance < 100");
        options.put("ordering", "fifo");
        options.put("rate_limit", 25);
        options.put("description", "Credit alerts for the billing system");
        String id = create(tenant, options);
        openWebhook(tenant, id);

        assertThat(browser.text(testId("detail-headers"))).contains("X-Env: production", "X-Tenant-Id: acme-shop-eu-west-1");
        assertThat(browser.text(testId("detail-auth"))).isEqualTo("Bearer token, set");
        assertThat(browser.text(testId("detail-filter"))).isEqualTo("event.startsWith(\"credits.\") && data.balance < 100");
        assertThat(browser.text(By.id("webhook-screen"))).doesNotContainPattern("\\b(null|undefined|NaN)\\b");
        assertNoSecretInThePage(token);
        browser.click(By.id("edit-form-headers-add"));
        browser.type(By.id("edit-form-header-2-name"), "X-Request-Source");
        browser.type(By.id("edit-form-header-2-value"), "encrata");
        browser.screenshot("delivery-options");

        try {
            browser.phone(360);
            openWebhook(id);
            assertThat(browser.overflowsHorizontally()).as("webhook page wider than 360 px").isFalse();
            chooseAuth("edit-form", "mtls");
            assertThat(browser.overflowsHorizontally()).as("mTLS fields wider than 360 px").isFalse();
            chooseAuth("edit-form", "oauth2");
            assertThat(browser.overflowsHorizontally()).as("OAuth2 fields wider than 360 px").isFalse();
            browser.open("#/webhooks/new");
            browser.click(By.id("webhook-form-headers-add"));
            assertThat(browser.overflowsHorizontally()).as("create form wider than 360 px").isFalse();
        } finally {
            browser.desktop();
        }
    }
}
