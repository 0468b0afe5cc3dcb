package dev.easel.tools;

import dev.easel.media.RgbImage;
import java.util.function.Supplier;

/**
 * One of a request's input images after the first, which steer an edit through the model's
 * IP-Adapter: its pixels, decoded only when a call uses them, and where it came in the request
 * ({@code input[0].content[2]}), which an error about it names.
 */
public record ReferenceImage(Supplier<RgbImage> pixels, String param) {}
