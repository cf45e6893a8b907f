package com.encrata.webhooks.webhook;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (and the native executable: CEL and its protobuf types). */
@QuarkusIntegrationTest
class WebhookFilterIT extends WebhookFilterTest {
}
