package dev.easel.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.UrlPolicy.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {
    @Test
    void parsesDomainsAndHostPorts() {
        UrlPolicy policy = UrlPolicy.parse(" Images.Corp.Example , 127.0.0.1:8081,localhost:9000, [::1]:8080,,");

        assertThat(policy.allowedDomains()).containsExactly("images.corp.example");
        assertThat(policy.allowedHostPorts())
                .containsExactly(
                        new HostPort("127.0.0.1", 8081), new HostPort("localhost", 9000), new HostPort("::1", 8080));
    }

    @Test
    void blankMeansPublicOnly() {
        assertThat(UrlPolicy.parse("")).isEqualTo(UrlPolicy.publicOnly());
        assertThat(UrlPolicy.parse("  , ")).isEqualTo(UrlPolicy.publicOnly());
        assertThat(UrlPolicy.publicOnly().allowedDomains()).isEmpty();
        assertThat(UrlPolicy.publicOnly().allowedHostPorts()).isEmpty();
    }

    @Test
    void equalsTheListedEntries() {
        assertThat(UrlPolicy.parse("corp.example,10.0.0.5:443"))
                .isEqualTo(new UrlPolicy(List.of("corp.example"), List.of(new HostPort("10.0.0.5", 443))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://example.com", // a URL, not an entry
                "*.example.com", // subdomains are implied; wildcards are not syntax
                "example.com/images",
                "example..com",
                "-example.com",
                "10.0.0.5", // an address needs a port
                "example.com.",
                "localhost:0",
                "localhost:65536",
                "localhost:",
                "localhost:80a",
                ":8080",
                "::1:8080", // IPv6 without brackets
                "[::1]", // no port
                "[::1:8080",
                "[fe80::1%25eth0]:80",
                "0x7f.1:80", // non-standard IPv4
                "2130706433:80",
                "127.1:80",
                "exämple.com",
            })
    void refusesInvalidEntriesNamingThem(String entry) {
        assertThatThrownBy(() -> UrlPolicy.parse("ok.example," + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("entry \"" + entry + "\" is neither a domain");
    }

    @Test
    void hostPortIsCheckedWhenBuiltDirectly() {
        assertThat(new HostPort("[::1]", 8080)).isEqualTo(new HostPort("::1", 8080));
        assertThat(new HostPort("LocalHost", 1).host()).isEqualTo("localhost");
        assertThatThrownBy(() -> new HostPort("localhost", 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort("a b", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UrlPolicy(List.of("*.x"), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
