package com.encrata.webhooks.webhook.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "https://Example.COM/Hook?A=B, https://example.com/Hook?A=B",
        "HTTPS://example.com:443/x, https://example.com/x",
        "https://example.com./x, https://example.com/x",
        "https://example.com, https://example.com/",
        "https://example.com?q=1, https://example.com/?q=1",
        "https://example.com:8443/x, https://example.com:8443/x",
        "https://bücher.example/x, https://xn--bcher-kva.example/x",
        "https://[2606:4700::1111]:443/, https://[2606:4700::1111]/"})
    void normalisesTheKey(String url, String key) {
        assertThat(WebhookUrlPolicy.key(url)).isEqualTo(key);
    }

    @Test
    void keepsPathAndQueryByteExact() {
        assertThat(WebhookUrlPolicy.key("https://a.example.com/A%2f?x=Y"))
                .isEqualTo("https://a.example.com/A%2f?x=Y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/", "https://127.0.0.1/", "https://10.0.0.1/", "https://[::1]/",
        "https://[fd00::1]/"})
    void privateSwitchUnblocksLoopbackPrivateAndLocalhost(String url) {
        assertThat(WebhookUrlPolicy.check(url, false)).isPresent();
        assertThat(WebhookUrlPolicy.check(url, true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/", "https://[fd00:ec2::254]/", "https://224.0.0.1/",
        "https://0.0.0.0/", "https://240.0.0.1/", "https://metadata.google.internal/", "https://printer.local/",
        "https://intranet/"})
    void privateSwitchKeepsTheRestBlocked(String url) {
        assertThat(WebhookUrlPolicy.check(url, true)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://exa mple.com/", "https://example.com/\\x", "https://ex!ample.com/",
        "https://a..example.com/", "https://[zz::1]/", "https://[::1/", "https://-bad.example.com/"})
    void rejectsMalformedHosts(String url) {
        assertThat(WebhookUrlPolicy.check(url, false)).isPresent();
    }
}
