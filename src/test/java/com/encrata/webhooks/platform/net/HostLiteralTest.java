package com.encrata.webhooks.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostLiteralTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1,127.0.0.1", "127.1,127.0.0.1", "2130706433,127.0.0.1", "0x7f.1,127.0.0.1",
        "0177.0.0.1,127.0.0.1", "0x7f000001,127.0.0.1", "10.1.258,10.1.1.2", "127.0.0.1.,127.0.0.1",
        "0,0.0.0.0", "0xA9.0xFE.0xA9.0xFE,169.254.169.254"})
    void parsesEveryIpv4Spelling(String host, String expected) throws Exception {
        assertThat(HostLiteral.looksLikeIpv4(host)).isTrue();
        assertThat(HostLiteral.parseIpv4(host)).contains(InetAddress.getByName(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.256", "1.2.3.4.5", "4294967296", "08.1.1.1", "1..2"})
    void rejectsInvalidNumericHosts(String host) {
        assertThat(HostLiteral.parseIpv4(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "1.example.com", "abc", "cafe.beef"})
    void namesAreNotIpv4(String host) {
        assertThat(HostLiteral.looksLikeIpv4(host)).isFalse();
    }
}
