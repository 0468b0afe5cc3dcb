package dev.easel.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses "WxH" (e.g. 512x512). */
final class SizeConverter implements ITypeConverter<SizeConverter.Size> {

    /** A requested picture size in pixels. */
    record Size(int width, int height) {}

    @Override
    public Size convert(String value) {
        String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new TypeConversionException("size must look like 512x512: " + value);
    }
}
