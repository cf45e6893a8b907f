package com.encrata.webhooks.webhook;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class CreateWebhookIT extends CreateWebhookTest {
}
