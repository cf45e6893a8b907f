package com.encrata.webhooks.portal;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The page and its headers from the packaged application. */
@QuarkusIntegrationTest
class PortalHeadersIT extends PortalHeadersTest {
}
