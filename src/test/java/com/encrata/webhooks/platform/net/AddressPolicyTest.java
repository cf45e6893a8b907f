package com.encrata.webhooks.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "::1", "fc00::1", "fd12::1",
        "::ffff:10.0.0.1"})
    void privateRangesAreBlockedUnlessAllowed(String address) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        assertThat(AddressPolicy.isBlocked(a, false)).isTrue();
        assertThat(AddressPolicy.isBlocked(a, true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "100.64.0.1", "0.1.2.3", "240.0.0.1", "255.255.255.255",
        "224.0.0.251", "198.18.0.1", "198.19.255.255", "192.0.0.8", "192.0.2.1", "198.51.100.1", "203.0.113.9",
        "fd00:ec2::254", "fe80::1", "fec0::1", "ff02::1", "::", "64:ff9b::808:808", "2002:808:808::1",
        "2001:0:4136:e378::1", "2001:db8::1", "::ffff:169.254.169.254", "::169.254.169.254", "::2", "::a9fe:a9fe"})
    void specialRangesStayBlockedWhateverTheSwitch(String address) throws Exception {
        assertThat(AddressPolicy.isBlocked(InetAddress.getByName(address), true)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(AddressPolicy.isBlocked(InetAddress.getByName(address), false)).isFalse();
    }
}
