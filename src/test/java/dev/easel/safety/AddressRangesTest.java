package dev.easel.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.UrlRefusedException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every special range, reached the way an attacker would: a harmless-looking name that resolves into it. */
class AddressRangesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.255.254", // loopback
                "0.0.0.0",
                "0.1.2.3", // unspecified, "this network"
                "10.0.0.1",
                "10.255.255.255",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "192.168.255.255", // private
                "100.64.0.1",
                "100.127.255.255",
                "100.100.100.200", // carrier-grade NAT (and Alibaba's metadata)
                "169.254.169.254",
                "169.254.0.1", // link-local, cloud metadata
                "224.0.0.1",
                "239.255.255.250", // multicast
                "255.255.255.255",
                "240.0.0.1", // broadcast, reserved
                "192.0.2.1",
                "198.51.100.7",
                "203.0.113.9", // documentation
                "198.18.0.1",
                "198.19.255.255", // benchmarking
                "192.0.0.8",
                "192.88.99.1",
                "::1",
                "::", // loopback, unspecified
                "fe80::1",
                "febf:ffff::1", // link-local
                "fc00::1",
                "fd00:ec2::254",
                "fdff:ffff::1", // unique local (fd00:ec2::254 is AWS metadata over IPv6)
                "fec0::1", // site-local
                "ff02::1",
                "ff0e::1", // multicast
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254", // IPv4-mapped
                "::127.0.0.1",
                "::10.0.0.1",
                "::8.8.8.8", // IPv4-compatible (deprecated, refused outright)
                "64:ff9b::7f00:1",
                "64:ff9b::a00:1",
                "64:ff9b::a9fe:a9fe", // NAT64 of private IPv4
                "64:ff9b:1::1", // local-use NAT64
                "2002:7f00:1::1",
                "2002:a00:1::", // 6to4 of private IPv4
                "2001:db8::1",
                "3fff::1", // documentation
                "2001::1", // Teredo
                "100::1", // discard-only
                "4000::1",
                "::2:1", // outside global unicast
            })
    void refusesNamesResolvingToNonPublicAddresses(String address) {
        UrlGuard guard = new UrlGuard(UrlPolicy.publicOnly(), new FakeResolver().answer("target.test", address));

        assertThatThrownBy(() -> guard.check("http://target.test/image.png"))
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PRIVATE_ADDRESS))
                .hasMessageContaining("non-public address")
                .hasMessageNotContaining(address); // the class of address, not the address itself
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "93.184.216.34",
                "172.15.255.255",
                "172.32.0.1",
                "100.63.255.255",
                "100.128.0.1",
                "192.169.0.1",
                "169.253.255.255",
                "198.17.255.255",
                "198.20.0.1",
                "223.255.255.255",
                "11.0.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001::200e",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1",
            })
    void acceptsPublicAddresses(String address) throws UrlRefusedException {
        UrlGuard guard = new UrlGuard(UrlPolicy.publicOnly(), new FakeResolver().answer("target.test", address));

        assertThat(guard.check("https://target.test/image.png").addresses())
                .containsExactly(FakeResolver.address(address));
    }
}
