package com.encrata.webhooks.delivery.engine;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The delivery engine suite, against the packaged application. */
@QuarkusIntegrationTest
class DeliveryEngineIT extends DeliveryEngineTest {
}
