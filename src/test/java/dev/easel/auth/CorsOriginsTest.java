package dev.easel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allow-list of {@code cors.allowed_origins}: canonical spellings, exact matches, no wildcard. */
class CorsOriginsTest {
    @Test
    void originsAreHeldInTheirCanonicalSpelling() {
        CorsOrigins parsed = CorsOrigins.parse(
                " HTTPS://App.Example.com:443/ , http://localhost:5173,http://127.0.0.1:80,https://[::1]:8443,,");

        assertThat(parsed.origins())
                .isEqualTo(Set.of(
                        "https://app.example.com", "http://localhost:5173", "http://127.0.0.1", "https://[::1]:8443"));
        assertThat(CorsOrigins.parse("").isEmpty()).isTrue();
        assertThat(CorsOrigins.parse("https://a.example,https://A.example"))
                .isEqualTo(CorsOrigins.parse("https://a.example"));
    }

    @Test
    void aRequestsOriginMatchesOnlyItsOwnSchemeHostAndPort() {
        CorsOrigins allowed = CorsOrigins.parse("https://app.example.com,http://localhost:5173");

        assertThat(allowed.allows("https://app.example.com")).isTrue();
        assertThat(allowed.allows("https://APP.example.com:443")).isTrue();
        assertThat(allowed.allows("http://localhost:5173")).isTrue();
        assertThat(allowed.allows("http://app.example.com")).isFalse();
        assertThat(allowed.allows("https://app.example.com:8443")).isFalse();
        assertThat(allowed.allows("https://app.example.com.evil.example")).isFalse();
        assertThat(allowed.allows("https://evil.example/https://app.example.com"))
                .isFalse();
        assertThat(allowed.allows("https://user@app.example.com")).isFalse();
        assertThat(allowed.allows("http://localhost")).isFalse();
        assertThat(allowed.allows("null")).isFalse();
        assertThat(allowed.allows("")).isFalse();
        assertThat(allowed.allows("%%%")).isFalse();
        assertThat(CorsOrigins.none().allows("https://app.example.com")).isFalse();
    }

    @Test
    void aWildcardOrSomethingElseThanAnOriginIsRefused() {
        for (String wildcard : new String[] {"*", "https://*.example.com", "https://a.example,*"}) {
            assertThatThrownBy(() -> CorsOrigins.parse(wildcard))
                    .as(wildcard)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not accepted: requests carry API keys");
        }
        for (String other : new String[] {
            "app.example.com",
            "ftp://app.example.com",
            "https://app.example.com/app",
            "https://app.example.com?x=1",
            "https://user@app.example.com",
            "null",
            "https://"
        }) {
            assertThatThrownBy(() -> CorsOrigins.parse(other))
                    .as(other)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("entries are origins like https://app.example.com")
                    .hasMessageEndingWith("got '" + other + "'");
        }
    }
}
