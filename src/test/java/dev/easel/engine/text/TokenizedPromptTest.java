package dev.easel.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenizedPromptTest {

    @Test
    void isAValidatedValueThatOwnsItsIds() {
        int[] ids = {99, 100, 100};
        TokenizedPrompt prompt = new TokenizedPrompt(ids, 2, false);
        ids[0] = 0;
        prompt.ids()[1] = 0;
        assertThat(prompt.ids()).containsExactly(99, 100, 100);
        assertThat(prompt).isEqualTo(new TokenizedPrompt(new int[] {99, 100, 100}, 2, false));
        assertThatThrownBy(() -> new TokenizedPrompt(ids, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenizedPrompt(ids, 4, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenizedPrompt(ids, 2, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
