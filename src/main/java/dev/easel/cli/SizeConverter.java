package dev.easel.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses "WxH" (e.g. 512x512). */
final class SizeConverter implements ITypeConverter<int[]> {
    @Override
    public int[] convert(String value) {
        String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new TypeConversionException("size must look like 512x512: " + value);
    }
}
