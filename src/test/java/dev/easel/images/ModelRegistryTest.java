package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.EngineCaches;
import dev.easel.engine.ModelLoadException;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OpenAI's image model names and an omitted model resolve to the default; configured aliases win. */
class ModelRegistryTest {
    private static final Path MODELS =
            TestModels.folder(SyntheticModel.Shape.TINY).getParent();

    static {
        TestModels.folder(SyntheticModel.Shape.DEMO);
    }

    @Test
    void openAiNamesResolveToTheDefaultAndConfiguredAliasesOverride() throws IOException {
        try (ModelRegistry registry = new ModelRegistry(
                MODELS,
                "tiny",
                Map.of("dall-e-3", "demo", "house-style", "demo"),
                TestModels.runtime(),
                EngineCaches.none())) {
            assertThat(registry.localModels()).containsExactly("demo", "tiny");
            assertThat(registry.resolve(Optional.empty())).hasValue("tiny");
            assertThat(registry.resolve(Optional.of("gpt-image-1"))).hasValue("tiny");
            assertThat(registry.resolve(Optional.of("gpt-image-1-mini"))).hasValue("tiny");
            assertThat(registry.resolve(Optional.of("dall-e-3"))).hasValue("demo");
            assertThat(registry.resolve(Optional.of("house-style"))).hasValue("demo");
            assertThat(registry.resolve(Optional.of("demo"))).hasValue("demo");
            assertThat(registry.resolve(Optional.of("midjourney"))).isEmpty();
        }
    }

    /** Dated snapshots and variants of a GPT image family resolve as the family's alias does. */
    @Test
    void gptImageNamesResolveLikeTheirFamily() throws IOException {
        try (ModelRegistry registry = new ModelRegistry(
                MODELS,
                "tiny",
                Map.of("gpt-image-1-mini", "demo", "gpt-image-2", "demo"),
                TestModels.runtime(),
                EngineCaches.none())) {
            assertThat(registry.resolve(Optional.of("gpt-image-1-mini-2025-10-06")))
                    .hasValue("demo");
            assertThat(registry.resolve(Optional.of("gpt-image-1-2025-04-23"))).hasValue("tiny");
            assertThat(registry.resolve(Optional.of("gpt-image-1.5-2025-12-16")))
                    .hasValue("tiny");
            assertThat(registry.resolve(Optional.of("gpt-image-2-2026-04-21"))).hasValue("demo");
            assertThat(registry.resolve(Optional.of("gpt-image-2.5-flare-2026-09-08")))
                    .hasValue("demo");
            assertThat(registry.resolve(Optional.of("gpt-image-2.6-sunburst"))).hasValue("demo");
            assertThat(registry.resolve(Optional.of("chatgpt-image-latest"))).hasValue("tiny");
            // no alias extends it: like an omitted model, and never the shorter gpt-image-1
            assertThat(registry.resolve(Optional.of("gpt-image-10"))).hasValue("tiny");
            assertThat(registry.resolve(Optional.of("gpt-image-3"))).hasValue("tiny");
            assertThat(registry.resolve(Optional.of("gpt-imagery"))).isEmpty();
            assertThat(registry.resolve(Optional.of("dall-e-4"))).isEmpty();
        }
    }

    @Test
    void aliasesAndDefaultsMustNameLocalModels() {
        assertThatThrownBy(() -> new ModelRegistry(MODELS, "sdxl", Map.of(), TestModels.runtime(), EngineCaches.none()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("default_model 'sdxl'");
        assertThatThrownBy(() -> new ModelRegistry(
                        MODELS, "", Map.of("gpt-image-1", "sdxl"), TestModels.runtime(), EngineCaches.none()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("sdxl");
    }
}
