package com.encrata.webhooks.platform.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class HttpErrorsIT extends HttpErrorsTest {
}
