package dev.easel.engine;

import java.util.Locale;

/**
 * What a masked edit's UNet denoises. Either way every pixel outside the mask is kept exactly;
 * the choice trades how well the new content fits the whole picture against cost.
 */
public enum InpaintArea {
    /** The whole picture, so that what it paints fits all of it (the default). */
    WHOLE_PICTURE,
    /**
     * A crop around the mask with some context, as a picture of its own ({@link AroundMaskRun}):
     * for a small mask a fraction of the UNet's cost, but the UNet sees only that context (the big
     * UIs' "only masked" inpaint area). A mask too big for a crop to pay denoises the whole picture.
     */
    AROUND_MASK;

    public static InpaintArea parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "whole_picture" -> WHOLE_PICTURE;
            case "around_mask" -> AROUND_MASK;
            default -> throw new IllegalArgumentException("inpaint area must be whole_picture or around_mask: " + name);
        };
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
