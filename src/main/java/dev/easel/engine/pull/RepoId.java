package dev.easel.engine.pull;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Hub model repository id, {@code owner/name} or a legacy bare {@code name}.
 *
 * <p>Segments are restricted to the characters the Hub allows, and {@code --} / {@code ..} are
 * rejected (the Hub forbids them too), which keeps {@link #folderName()} unambiguous and lets ids
 * be put into URLs and file names without escaping.
 */
record RepoId(String value) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    RepoId {
        Objects.requireNonNull(value, "repo id");
        String[] parts = value.split("/", -1);
        boolean valid = parts.length <= 2;
        for (String part : parts) {
            valid &= SEGMENT.matcher(part).matches()
                    && !part.contains("--")
                    && !part.contains("..")
                    && !part.endsWith(".")
                    && !part.endsWith("-");
        }
        if (!valid) {
            throw new IllegalArgumentException("invalid Hugging Face repository id '" + value
                    + "': expected owner/name, e.g. stabilityai/sd-turbo");
        }
    }

    /**
     * Local folder name: {@code /} becomes {@code --}, as in the Hub's own cache ({@code models--owner--name}).
     * One folder per repository (not per revision) so the pipeline finds it under a stable name, and
     * since the Hub forbids {@code --} inside names two repositories never share a folder.
     */
    String folderName() {
        return value.replace("/", "--");
    }

    @Override
    public String toString() {
        return value;
    }
}
