package dev.poebridge.files.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address rule for downloads of bot files: public unicast only, in every spelling. */
class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", // loopback, "this network"
            "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", // RFC 1918
            "169.254.169.254", // link-local: cloud metadata
            "100.64.0.1", "100.127.255.255", // carrier-grade NAT
            "192.0.0.8", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "198.19.255.255", // IETF, docs, bench
            "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", // multicast, reserved, broadcast
            "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "2001:db8::1", "100::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", // IPv4-mapped
            "::127.0.0.1", "::10.0.0.1", // IPv4-compatible
            "64:ff9b::7f00:1", "64:ff9b::a00:1", // NAT64 of loopback and of 10/8
            "64:ff9b:1:7f00:0:100:808:808", "64:ff9b:1::1", // local-use NAT64, whatever it embeds
            "::ffff:0:127.0.0.1", "::ffff:0:10.0.0.1", // IPv4-translated
            "2002:7f00:1::", "2002:a00:1::1", // 6to4 of loopback and of 10/8
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
    })
    void refusesAddressesThatAreNotPublic(String address) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1",
            "169.253.0.1", "2606:4700::1111", "2a00:1450:4001::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "::ffff:0:8.8.8.8",
            "2002:808:808::1" })
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2130706433", "127.1", "0" })
    void refusesOtherSpellingsOfLoopbackThatTheJdkAccepts(String spelling) {
        InetAddress address;
        try {
            address = InetAddress.getByName(spelling);
        } catch (java.net.UnknownHostException e) {
            return; // a spelling the JDK does not read as an address is never connected to either
        }
        assertThat(PublicAddresses.isPublic(address)).as(spelling + " -> " + address).isFalse();
    }
}
