package dev.easel.tools;

import dev.easel.media.RgbImage;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An image in the conversation that a call may edit: its pixels, decoded only when needed, and its
 * id when it is a generated image (whose exact latents may be cached).
 */
public record ConversationImage(Supplier<RgbImage> pixels, Optional<String> imageId) {}
