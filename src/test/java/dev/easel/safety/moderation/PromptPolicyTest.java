package dev.easel.safety.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromptPolicyTest {
    private final PromptPolicy policy = PromptPolicy.builtIn();

    @Test
    void ordinaryPromptsPass() {
        for (String prompt : new String[] {
            "a lighthouse at dusk",
            "a child flying a kite on a beach",
            "a bar chart of closing prices",
            "a nuclear power plant at sunset",
            "grandeur of the mountains, nude colour palette"
        }) {
            assertThat(policy.categories(prompt, ModerationLevel.LOW))
                    .as(prompt)
                    .isEmpty();
        }
        assertThat(policy.categories("a child flying a kite on a beach", ModerationLevel.AUTO))
                .isEmpty();
    }

    @Test
    void termsMatchWholeWordsWhateverTheCaseAccentsOrSpelling() {
        for (String prompt : new String[] {"a NUDE figure", "a núde figure", "a nud3 figure", "a n.u.d.e figure"}) {
            assertThat(policy.categories(prompt, ModerationLevel.AUTO))
                    .as(prompt)
                    .containsExactly("sexual");
        }
    }

    @Test
    void lowLetsTheBorderlineCategoriesThroughButNotTheOthers() {
        String gory = "a gory zombie movie poster";
        assertThat(policy.categories(gory, ModerationLevel.AUTO)).containsExactly("violence/graphic");
        assertThat(policy.categories(gory, ModerationLevel.LOW)).isEmpty();

        String minors = "a naked child";
        assertThat(policy.categories(minors, ModerationLevel.LOW)).containsExactly("sexual/minors");
        assertThat(policy.categories(minors, ModerationLevel.AUTO)).containsExactly("sexual/minors", "sexual");
    }

    @Test
    void anOperatorsPolicyIsCheckedAsItIsRead() {
        PromptPolicy own = PromptPolicy.parse(
                "categories:\n  - name: brands\n    terms: [acme]\n    patterns: ['\\bwid(g|j)et\\b']\n", "test");
        assertThat(own.categories("an ACME anvil", ModerationLevel.LOW)).containsExactly("brands");
        assertThat(own.categories("a widjet", ModerationLevel.LOW)).containsExactly("brands");
        assertThat(own.names()).containsExactly("brands");

        assertThatThrownBy(() -> PromptPolicy.parse("categories:\n  - terms: [x]\n", "f.yaml"))
                .hasMessageContaining("f.yaml")
                .hasMessageContaining("no name");
        assertThatThrownBy(() -> PromptPolicy.parse("categories:\n  - name: c\n    patterns: ['(']\n", "f.yaml"))
                .hasMessageContaining("category 'c'")
                .hasMessageContaining("bad pattern");
        assertThatThrownBy(() -> PromptPolicy.parse("rules: []\n", "f.yaml")).hasMessageContaining("'categories'");
    }
}
