package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;

/** ENCRATA_DELIVERY_PROXY: {@code http://[user:password@]host:port}, never repeated when refused. */
class EgressProxyTest {

    @Test
    void readsHostPortAndCredentials() {
        ProxyOptions options = EgressProxy.parse("http://relay:p%40ss%3Aw0rd@proxy.internal:3128");
        assertThat(options.getType()).isEqualTo(ProxyType.HTTP);
        assertThat(options.getHost()).isEqualTo("proxy.internal");
        assertThat(options.getPort()).isEqualTo(3128);
        assertThat(options.getUsername()).isEqualTo("relay");
        assertThat(options.getPassword()).isEqualTo("p@ss:w0rd");
        assertThat(EgressProxy.describe(options)).isEqualTo("http://proxy.internal:3128 (with credentials)")
                .doesNotContain("p@ss");

        ProxyOptions plain = EgressProxy.parse("HTTP://[::1]:8888/");
        assertThat(plain.getHost()).isEqualTo("::1");
        assertThat(plain.getUsername()).isNull();
        assertThat(EgressProxy.describe(plain)).isEqualTo("http://[::1]:8888");
    }

    @Test
    void noValueMeansNoProxy() {
        assertThat(EgressProxy.from(Optional.empty())).isEmpty();
        assertThat(EgressProxy.from(Optional.of("  "))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.internal:3128", "https://proxy.internal:3128", "socks5://proxy.internal:1080",
        "http://proxy.internal", "http://proxy.internal:0", "http://proxy.internal:70000", "http://proxy/path",
        "http://proxy.internal:3128?x=1", "http://secret-only@proxy.internal:3128", "http://u:pw%zz@proxy:3128",
        "http://u:secret pw@proxy:3128"})
    void refusesAnythingElseWithoutRepeatingIt(String value) {
        assertThatThrownBy(() -> EgressProxy.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(EgressProxy.INVALID);
    }
}
