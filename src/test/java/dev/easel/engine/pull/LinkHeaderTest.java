package dev.easel.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    private static final URI BASE = URI.create("https://hub.example/api/models/a/b/tree/main?recursive=true");

    @Test
    void findsTheNextPageAmongOtherRelations() {
        List<String> headers = List.of("<https://hub.example/p1>; rel=\"prev\", "
                + "<https://hub.example/api/models/a/b/tree/main?recursive=true&cursor=abc,def>; rel=\"next\"");

        assertThat(LinkHeader.next(headers, BASE))
                .contains(URI.create("https://hub.example/api/models/a/b/tree/main?recursive=true&cursor=abc,def"));
    }

    @Test
    void resolvesRelativeTargetsAndUnquotedRelations() {
        assertThat(LinkHeader.next(List.of("</api/models/a/b/tree/main?cursor=2>; rel=next"), BASE))
                .contains(URI.create("https://hub.example/api/models/a/b/tree/main?cursor=2"));
    }

    @Test
    void lastPageHasNoNext() {
        assertThat(LinkHeader.next(List.of(), BASE)).isEmpty();
        assertThat(LinkHeader.next(List.of("<https://hub.example/p1>; rel=\"prev\""), BASE))
                .isEmpty();
        assertThat(LinkHeader.next(List.of("garbage"), BASE)).isEmpty();
    }
}
