package com.encrata.webhooks.platform.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class HealthIT extends HealthTest {
}
