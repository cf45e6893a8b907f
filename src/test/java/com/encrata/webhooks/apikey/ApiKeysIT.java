package com.encrata.webhooks.apikey;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The API key suite, against the packaged application. */
@QuarkusIntegrationTest
class ApiKeysIT extends ApiKeysTest {
}
