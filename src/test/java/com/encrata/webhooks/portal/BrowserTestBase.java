package com.encrata.webhooks.portal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One headless Chromium for all the tests of a class; without Chromium every test is reported as
 * skipped, naming the packages to install.
 */
abstract class BrowserTestBase {

    static PortalBrowser browser;

    @BeforeAll
    static void startBrowser() {
        browser = PortalBrowser.start();
    }

    @BeforeEach
    void needsTheBrowser() {
        PortalBrowser.assumeInstalled();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
