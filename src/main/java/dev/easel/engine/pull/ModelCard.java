package dev.easel.engine.pull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a Hugging Face model card ({@code README.md}) says of its licence: the {@code license:} key
 * of its YAML front matter (between the first two {@code ---} lines), as the Hub shows it.
 */
public final class ModelCard {
    /** Licence names that forbid or restrict commercial use (Creative Commons NC, BRIA's model licences). */
    private static final List<String> RESTRICTED = List.of("-nc", "noncommercial", "non-commercial", "bria-", "other");

    private ModelCard() {}

    /** The card's licence, e.g. {@code mit}; empty when the file or the key is missing. */
    public static Optional<String> licence(Path readme) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(readme)) {
                return Optional.empty();
            }
            lines = Files.readAllLines(readme);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.getFirst().strip().equals("---")) {
            return Optional.empty();
        }
        for (String line : lines.subList(1, lines.size())) {
            String l = line.strip();
            if (l.equals("---")) {
                break;
            }
            if (line.startsWith("license:")) {
                String value = l.substring("license:".length()).strip().replaceAll("^[\"']|[\"']$", "");
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Whether the licence restricts commercial use (or is {@code other}: its own terms, to be read). */
    public static boolean restricted(String licence) {
        String l = licence.toLowerCase(Locale.ROOT);
        return RESTRICTED.stream().anyMatch(l::contains);
    }
}
