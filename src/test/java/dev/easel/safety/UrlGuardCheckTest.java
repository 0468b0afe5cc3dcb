package dev.easel.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.UrlRefusedException.Reason;
import java.net.URI;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardCheckTest {
    /** Fails the test if consulted: literals and refused URLs must be judged without a lookup. */
    private static final Resolver NO_LOOKUPS = host -> {
        throw new AssertionError("unexpected lookup of " + host);
    };

    private static AbstractThrowableAssert<?, ?> assertRefused(UrlGuard guard, String url, Reason reason) {
        return assertThatThrownBy(() -> guard.check(url))
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void vetsAPublicUrlWithAllItsAddresses() throws UrlRefusedException {
        FakeResolver dns = new FakeResolver().answer("images.example", "93.184.216.34", "2606:2800:220:1::1");
        VettedUrl vetted = new UrlGuard(UrlPolicy.publicOnly(), dns).check("HTTPS://Images.Example:8443/a.png?x=1");

        assertThat(vetted.uri()).isEqualTo(URI.create("HTTPS://Images.Example:8443/a.png?x=1"));
        assertThat(vetted.addresses())
                .containsExactly(FakeResolver.address("93.184.216.34"), FakeResolver.address("2606:2800:220:1::1"));
        assertThat(dns.lookups("images.example")).isEqualTo(1);
    }

    @Test
    void refusesWhenAnyResolvedAddressIsPrivate() {
        UrlGuard guard =
                new UrlGuard(UrlPolicy.publicOnly(), new FakeResolver().answer("mixed.test", "8.8.8.8", "10.0.0.1"));

        assertRefused(guard, "http://mixed.test/", Reason.PRIVATE_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/", "http://10.0.0.1:8080/", "http://169.254.169.254/latest/meta-data/",
                        "http://0.0.0.0/",
                "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
                "http://[0:0:0:0:0:ffff:a00:1]/", "http://[fd00:ec2::254]/", "http://[fe80::1]/",
                        "http://[64:ff9b::a9fe:a9fe]/",
            })
    void refusesPrivateLiteralsWithoutResolving(String url) {
        assertRefused(new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS), url, Reason.PRIVATE_ADDRESS);
    }

    @Test
    void acceptsPublicLiteralsWithoutResolving() throws UrlRefusedException {
        UrlGuard guard = new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS);

        assertThat(guard.check("http://8.8.8.8/").addresses()).containsExactly(FakeResolver.address("8.8.8.8"));
        assertThat(guard.check("http://[2606:4700::1111]:8080/").addresses())
                .containsExactly(FakeResolver.address("2606:4700::1111"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://2130706433/", // 127.0.0.1 as one decimal number
                "http://017700000001/", // … as one octal number
                "http://0x7f000001/", // … as one hex number
                "http://0x7f.1/",
                "http://0x7f.0.0.1/",
                "http://0177.0.0.1/",
                "http://127.1/",
                "http://127.0.1/",
                "http://010.0.0.1/",
                "http://1.2.3.0x4/",
                "http://127.0.0.1./",
                "http://1.2.3.4.5/",
                "http://256.0.0.1/",
                "http://%31%32%37.0.0.1/", // percent-encoded host
                "http://[fe80::1%25eth0]/", // zone id
            })
    void refusesTrickyHostFormsWithoutResolving(String url) {
        assertRefused(new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS), url, Reason.BAD_URL);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.google.internal./",
                "http://metadata/",
                "http://instance-data/latest/",
                "http://instance-data.ec2.internal/",
            })
    void refusesMetadataNamesWhateverTheyResolveToAndWhateverIsAllowed(String url) {
        FakeResolver dns = new FakeResolver();
        for (String name :
                new String[] {"metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal"}) {
            dns.answer(name, "8.8.8.8");
        }
        UrlPolicy lenient = UrlPolicy.parse("internal,metadata,instance-data,metadata:80,instance-data:80");

        assertRefused(new UrlGuard(lenient, dns), url, Reason.PRIVATE_ADDRESS).hasMessageContaining("metadata");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///etc/passwd",
                "ftp://files.example/a.png",
                "gopher://files.example:70/",
                "data:image/png;base64,AAAA",
                "jar:file:/x.jar!/a.png",
                "javascript:alert(1)",
                "mailto:a@example.com",
                "ws://files.example/",
                "dict://h:11211/",
            })
    void refusesOtherSchemes(String url) {
        assertRefused(new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS), url, Reason.SCHEME);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a url",
                "/relative/path.png",
                "//files.example/a.png",
                "http:///no-host",
                "http://exa mple.com/",
                "http://files.example:0/",
                "http://files.example:65536/",
                "http://exämple.com/",
                "http://under_score.example/",
            })
    void refusesMalformedUrls(String url) {
        assertRefused(new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS), url, Reason.BAD_URL);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://user@files.example/",
                "http://user:secret@files.example/",
                "http://files.example@127.0.0.1/"
            })
    void refusesUserInfo(String url) {
        assertRefused(new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS), url, Reason.BAD_URL)
                .hasMessageContaining("user name");
    }

    @Test
    void refusesLongUrls() {
        assertRefused(
                new UrlGuard(UrlPolicy.publicOnly(), NO_LOOKUPS),
                "http://a.example/" + "a".repeat(9000),
                Reason.BAD_URL);
    }

    @Test
    void unresolvableNamesAreReportedAsSuch() {
        UrlGuard guard = new UrlGuard(UrlPolicy.publicOnly(), new FakeResolver().answer("empty.test"));

        assertRefused(guard, "http://nowhere.test/", Reason.UNRESOLVABLE);
        assertRefused(guard, "http://empty.test/", Reason.UNRESOLVABLE);
    }

    @Test
    void allowedHostPortPassesOnlyOnThatPort() throws UrlRefusedException {
        FakeResolver dns =
                new FakeResolver().answer("localhost", "127.0.0.1", "::1").answer("svc.internal", "127.0.0.1");
        UrlGuard guard = new UrlGuard(UrlPolicy.parse("127.0.0.1:8081,localhost:9000,[::1]:8080"), dns);

        assertThat(guard.check("http://127.0.0.1:8081/a").addresses())
                .containsExactly(FakeResolver.address("127.0.0.1"));
        assertRefused(guard, "http://127.0.0.1:8082/a", Reason.PRIVATE_ADDRESS);
        assertRefused(guard, "http://127.0.0.1/a", Reason.PRIVATE_ADDRESS);

        assertThat(guard.check("http://localhost:9000/").addresses()).hasSize(2);
        assertRefused(guard, "http://localhost:9001/", Reason.PRIVATE_ADDRESS);
        assertRefused(guard, "https://localhost/", Reason.PRIVATE_ADDRESS);

        guard.check("http://[::1]:8080/");
        guard.check("http://[0:0:0:0:0:0:0:1]:8080/"); // the same address, spelled out
        assertRefused(guard, "http://[::1]:8081/", Reason.PRIVATE_ADDRESS);

        // A name resolving to an allowed address passes on that address's port only.
        guard.check("http://svc.internal:8081/");
        assertRefused(guard, "http://svc.internal:9000/", Reason.PRIVATE_ADDRESS);
    }

    @Test
    void allowedDomainCoversItsSubdomainsOnAnyPortEvenWhenPrivate() throws UrlRefusedException {
        FakeResolver dns = new FakeResolver()
                .answer("corp.test", "10.0.0.5")
                .answer("images.corp.test", "10.0.0.6")
                .answer("evilcorp.test", "10.0.0.7")
                .answer("corp.test.evil.test", "10.0.0.8");
        UrlGuard guard = new UrlGuard(UrlPolicy.parse("corp.test"), dns);

        guard.check("http://corp.test:8443/");
        guard.check("https://images.corp.test/a.png");
        guard.check("https://IMAGES.corp.test./a.png");
        assertRefused(guard, "http://evilcorp.test/", Reason.PRIVATE_ADDRESS);
        assertRefused(guard, "http://corp.test.evil.test/", Reason.PRIVATE_ADDRESS);
        assertRefused(guard, "http://10.0.0.5/", Reason.PRIVATE_ADDRESS); // the domain, not its addresses
    }
}
