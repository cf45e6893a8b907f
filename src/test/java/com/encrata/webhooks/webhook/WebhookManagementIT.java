package com.encrata.webhooks.webhook;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The management suite, against the packaged application. */
@QuarkusIntegrationTest
class WebhookManagementIT extends WebhookManagementTest {
}
