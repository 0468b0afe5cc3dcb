package dev.easel.engine;

/**
 * What a run took from the {@link EngineCaches}: prompts whose text-encoder output was cached
 * (of those the run needed), and whether the edit source's latents were reused rather than encoded.
 */
public record CacheUse(int promptsCached, int promptsNeeded, boolean sourceLatentsReused) {
    public static final CacheUse NONE = new CacheUse(0, 0, false);
}
