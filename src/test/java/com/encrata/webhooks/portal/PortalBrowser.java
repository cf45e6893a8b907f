package com.encrata.webhooks.portal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.RestAssured;

/**
 * One headless Chromium for a test class, driven through Debian's chromedriver. Both paths are
 * given explicitly, so Selenium Manager never runs and nothing is downloaded; without the packages
 * the calling test class is skipped.
 */
final class PortalBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String MISSING = "Browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER
            + " is missing; install the Debian packages chromium chromium-driver (apt-get install -y chromium chromium-driver)";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("docs/portal");
    private static final Dimension DESKTOP = new Dimension(1280, 900);

    private final ChromeDriver driver;
    private final Path profile;

    private PortalBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test, naming the packages to install, when Chromium is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), MISSING);
    }

    /** Starts the browser; null when Chromium is not installed (each test then skips itself). */
    static PortalBrowser start() {
        if (!installed()) {
            Logger.getLogger(PortalBrowser.class).warn(MISSING);
            return null;
        }
        try {
            Path profile = Files.createTempDirectory("portal-chromium");
            System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
            return new PortalBrowser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }

    static String origin() {
        return "http://localhost:" + RestAssured.port;
    }

    static String portalUrl() {
        return origin() + "/portal/";
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a route of the page (e.g. {@code #/webhooks}). */
    void open(String route) {
        driver.get(portalUrl() + route);
    }

    /** A fresh page with nothing remembered, showing the sign-in form. */
    void signedOut() {
        driver.get(portalUrl());
        script("sessionStorage.clear(); localStorage.clear();");
        driver.navigate().refresh();
        visible(By.id("signin-key"));
    }

    /** Signs in with {@code key} through the form and waits for the webhook list. */
    void signIn(String key) {
        signedOut();
        type(By.id("signin-key"), key);
        click(By.id("signin-submit"));
        webhookListLoaded();
    }

    void webhookListLoaded() {
        visible(By.id("webhook-list-screen"));
        waitUntil(d -> d.findElement(By.id("webhooks")).getDomAttribute("aria-busy") == null);
    }

    WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void gone(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits until the element's text contains {@code text}; returns the whole text. */
    String waitForText(By by, String text) {
        waitUntil(d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).getText().contains(text);
        });
        return driver.findElement(by).getText();
    }

    String text(By by) {
        return visible(by).getText();
    }

    void click(By by) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    /** Answers the confirmation dialog of a destructive action. */
    void confirm(boolean yes) {
        visible(By.id("confirm-dialog"));
        click(By.id(yes ? "confirm-ok" : "confirm-cancel"));
        gone(By.id("confirm-dialog"));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * Refreshes the open webhook's delivery log until a row matches, and returns that delivery's id.
     * Rows are only read while no reload is in flight, so they cannot go stale underneath.
     */
    String awaitDelivery(Predicate<WebElement> matches) {
        return waitUntil(d -> {
            if (d.findElement(By.id("delivery-log")).getDomAttribute("aria-busy") != null) {
                return null;
            }
            for (WebElement row : d.findElements(testId("delivery-row"))) {
                if (matches.test(row)) {
                    return row.getDomAttribute("data-delivery-id");
                }
            }
            d.findElement(By.id("refresh-deliveries")).click();
            return null;
        });
    }

    /** Follows a delivery's Details link in the log and waits for its page. */
    void openDelivery(String deliveryId) {
        click(By.cssSelector("[data-delivery-id='" + deliveryId + "'] [data-testid='delivery-details']"));
        visible(By.id("delivery-payload"));
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** Emulates a phone-sized viewport (Chromium's windows cannot be narrower than 500 px). */
    void phone(int width) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 800, "deviceScaleFactor", 1, "mobile", true));
    }

    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** True when the page is wider than the viewport (a horizontal scroll bar). */
    boolean overflowsHorizontally() {
        return (Boolean) script("return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
    }

    /**
     * With -Dportal.screenshots=true, saves the whole page as docs/portal/{name}.png (the window is
     * stretched to the page's height for the shot).
     */
    void screenshot(String name) {
        if (!Boolean.getBoolean("portal.screenshots")) {
            return;
        }
        try {
            long height = (Long) script("return document.documentElement.scrollHeight;");
            driver.manage().window().setSize(new Dimension(DESKTOP.width, (int) Math.min(height + 120, 4000)));
            // No scroll bar in the picture (CSSOM styles are not subject to the page's CSP).
            script("document.documentElement.style.overflow = 'hidden'; window.scrollTo(0, 0);"
                    + " document.activeElement && document.activeElement.blur();");
            Thread.sleep(300);
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            script("document.documentElement.style.overflow = '';");
            driver.manage().window().setSize(DESKTOP);
        }
    }
}
