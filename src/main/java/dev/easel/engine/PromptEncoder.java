package dev.easel.engine;

import dev.easel.engine.text.ClipTokenizer;
import dev.easel.engine.text.TokenizedPrompt;
import java.util.ArrayList;
import java.util.List;

/**
 * A family's text side: prompts → what the UNet is conditioned on, each prompt flat as its
 * hidden states [77, hidden] followed by its pooled embedding (SDXL's {@code text_embeds}; none
 * for SD 1.x/2.x). Uncached: {@link TextConditioning} caches. Owns its encoders' sessions;
 * thread-safe.
 */
sealed interface PromptEncoder extends AutoCloseable permits PromptEncoder.OneClip, PromptEncoder.TwoClips {

    /** Each prompt's conditioning, flat, in order, from one call per encoder. */
    List<float[]> encode(List<String> prompts, StageTimings timings);

    /** The width of the pooled part at the end of each flat prompt; 0 when there is none. */
    int pooledWidth();

    /**
     * Whether an empty negative prompt is all zeros instead of the encoding of "" (SDXL's
     * {@code force_zeros_for_empty_prompt}, which diffusers' SDXL pipelines default to).
     */
    boolean zeroesEmptyNegative();

    /** How many CLIP tokens {@code prompt} takes, BOS and EOS included. */
    int promptTokens(String prompt);

    /** The first (or only) text encoder. */
    TextEncoder first();

    @Override
    void close();

    /** SD 1.x/2.x: one CLIP encoder's last hidden states. */
    record OneClip(ClipTokenizer tokenizer, TextEncoder encoder) implements PromptEncoder {
        @Override
        public List<float[]> encode(List<String> prompts, StageTimings timings) {
            return encoder.encode(tokenize(tokenizer, prompts, timings), timings).stream()
                    .map(TextEncoder.Output::hidden)
                    .toList();
        }

        @Override
        public int pooledWidth() {
            return 0;
        }

        @Override
        public boolean zeroesEmptyNegative() {
            return false;
        }

        @Override
        public int promptTokens(String prompt) {
            return tokenizer.encode(prompt).tokenCount();
        }

        @Override
        public TextEncoder first() {
            return encoder;
        }

        @Override
        public void close() {
            encoder.close();
        }
    }

    /**
     * SDXL: CLIP ViT-L and OpenCLIP ViT-bigG, each with its own tokenizer; per token the first's
     * and then the second's penultimate hidden states (768 + 1280 = 2048 wide), then the second's
     * pooled {@code text_embeds}, as diffusers' SDXL pipelines concatenate them.
     */
    record TwoClips(
            ClipTokenizer tokenizer,
            TextEncoder encoder,
            ClipTokenizer tokenizer2,
            TextEncoder encoder2,
            int pooledWidth,
            boolean zeroesEmptyNegative)
            implements PromptEncoder {
        @Override
        public List<float[]> encode(List<String> prompts, StageTimings timings) {
            List<TextEncoder.Output> one = encoder.encode(tokenize(tokenizer, prompts, timings), timings);
            List<TextEncoder.Output> two = encoder2.encode(tokenize(tokenizer2, prompts, timings), timings);
            int tokens = ClipTokenizer.CONTEXT_LENGTH;
            List<float[]> out = new ArrayList<>(prompts.size());
            for (int p = 0; p < prompts.size(); p++) {
                float[] a = one.get(p).hidden();
                float[] b = two.get(p).hidden();
                float[] pooled = two.get(p).pooled();
                if (pooled.length != pooledWidth) {
                    throw new IllegalStateException(
                            "text_encoder_2 gave " + pooled.length + " pooled values; expected " + pooledWidth);
                }
                int wa = a.length / tokens;
                int wb = b.length / tokens;
                float[] flat = new float[a.length + b.length + pooled.length];
                for (int t = 0; t < tokens; t++) {
                    System.arraycopy(a, t * wa, flat, t * (wa + wb), wa);
                    System.arraycopy(b, t * wb, flat, t * (wa + wb) + wa, wb);
                }
                System.arraycopy(pooled, 0, flat, a.length + b.length, pooled.length);
                out.add(flat);
            }
            return out;
        }

        @Override
        public int promptTokens(String prompt) {
            return tokenizer.encode(prompt).tokenCount();
        }

        @Override
        public TextEncoder first() {
            return encoder;
        }

        /** Closes the second encoder, then the first. */
        @Override
        public void close() {
            try {
                encoder2.close();
            } finally {
                encoder.close();
            }
        }
    }

    private static List<TokenizedPrompt> tokenize(ClipTokenizer tokenizer, List<String> prompts, StageTimings timings) {
        long start = System.nanoTime();
        List<TokenizedPrompt> tokens = prompts.stream().map(tokenizer::encode).toList();
        timings.add(Stage.TOKENIZE, System.nanoTime() - start);
        return tokens;
    }
}
