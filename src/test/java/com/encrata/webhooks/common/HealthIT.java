package com.encrata.webhooks.common;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class HealthIT extends HealthTest {
}
