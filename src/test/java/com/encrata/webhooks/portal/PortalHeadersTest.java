package com.encrata.webhooks.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The page is served from the jar, and every answer under /portal carries the security headers. */
@QuarkusTest
class PortalHeadersTest {

    private static ValidatableResponse get(String path) {
        return given().redirects().follow(false).get(path).then()
                .header("Content-Security-Policy", equalTo("default-src 'self'; frame-ancestors 'none'"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void portalWithoutSlashGoesToThePage() {
        get("/portal").statusCode(302).header("Location", equalTo("portal/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/portal/", "/portal/index.html"})
    void servesThePage(String path) {
        get(path).statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"portal.js\"></script>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"portal.js", "api.js", "dom.js", "webhooks.js", "deliveries.js", "keys.js", "snippets.js",
            "options.js", "filter.js", "chart.js"})
    void servesTheModules(String module) {
        get("/portal/" + module).statusCode(200).contentType(startsWith("text/javascript"));
    }

    @Test
    void servesTheStylesAndIcon() {
        get("/portal/portal.css").statusCode(200).contentType(startsWith("text/css"));
        get("/portal/favicon.svg").statusCode(200).contentType(startsWith("image/svg+xml"));
    }

    @Test
    void missingAssetsAreJson404sWithTheHeadersToo() {
        get("/portal/missing.js").statusCode(404).body("error", equalTo("Not found"));
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandler() {
        String html = get("/portal/").extract().asString();
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find()).as("inline <script>").isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).as("on* handler").isFalse();
        assertThat(Pattern.compile("<style|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).as("inline style").isFalse();
        assertThat(html).doesNotContain("http://").doesNotContain("https://").as("no CDN or external font");
    }
}
