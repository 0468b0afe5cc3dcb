package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Searches what a server showed, logged or stored for secrets, in each form a leak can take: the
 * secret in any letter case, its hex, and its base64 (standard and URL-safe) at each of the three
 * byte offsets it can start at inside a longer encoded text (a prompt in a PNG text chunk, inside
 * the image's base64 in a JSON answer). Matching ignores case. A hit fails naming the secret, the
 * form and the place, with a little text around it (never the whole haystack, which may be an
 * image).
 */
final class SecretScan {
    /** One form of one secret: the secret's name, the form's, and its text, kept lower-cased. */
    record Needle(String secret, String form, String text) {
        Needle {
            text = text.toLowerCase(Locale.ROOT);
        }
    }

    private final List<Needle> needles = new ArrayList<>();
    private final List<String> found = new ArrayList<>();

    /** The secret as it is, in hex and in base64 (see the class comment), labelled {@code name}. */
    SecretScan secret(String name, String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        needles.add(new Needle(name, "as it is", secret));
        needles.add(new Needle(name, "in hex", HexFormat.of().formatHex(bytes)));
        for (int offset = 0; offset < 3; offset++) {
            needles.add(new Needle(name, "in base64 at offset " + offset, base64(Base64.getEncoder(), bytes, offset)));
            needles.add(new Needle(
                    name, "in base64url at offset " + offset, base64(Base64.getUrlEncoder(), bytes, offset)));
        }
        return this;
    }

    /** Every run of {@code length} characters of the secret: what a masked or truncated echo keeps. */
    SecretScan runs(String name, String secret, int length) {
        for (int i = 0; i + length <= secret.length(); i++) {
            needles.add(new Needle(name, "characters " + i + " to " + (i + length), secret.substring(i, i + length)));
        }
        return this;
    }

    List<Needle> needles() {
        return List.copyOf(needles);
    }

    /**
     * Searches {@code text}, described as {@code where}, and records each secret found there (its
     * first form found) for {@link #assertNothingFound}.
     */
    SecretScan search(String where, String text) {
        String haystack = text.toLowerCase(Locale.ROOT);
        Set<String> seen = new HashSet<>();
        for (Needle needle : needles) {
            int at = seen.contains(needle.secret()) ? -1 : haystack.indexOf(needle.text());
            if (at >= 0) {
                seen.add(needle.secret());
                int from = Math.max(0, at - 60);
                int to = Math.min(text.length(), at + needle.text().length() + 60);
                found.add(needle.secret() + " (" + needle.form() + ") in " + where + " at " + at + ": …"
                        + text.substring(from, to).replaceAll("[\\x00-\\x1f]", " ") + "…");
            }
        }
        return this;
    }

    /**
     * Searches every byte of every file under the data folder (the SQLite database with its -wal
     * and -shm files, blobs, cached latents), read as Latin-1 so that each byte is one character.
     *
     * @return the files searched
     */
    List<Path> searchStored(Path dataDir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("files under %s", dataDir).isNotEmpty();
        for (Path file : files) {
            try {
                search(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // SQLite removes its -wal and -shm files as its last connection closes.
                if (Files.exists(file)) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    /** Fails listing every needle found so far, and where. */
    void assertNothingFound() {
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " secrets found:\n" + String.join("\n", found));
        }
    }

    /** {@link #search} and {@link #assertNothingFound} for one text. */
    void assertNotIn(String where, String text) {
        search(where, text).assertNothingFound();
    }

    /**
     * The characters of the secret's base64 that do not depend on the bytes around it when it
     * starts {@code offset} bytes into a 3-byte group: the first group is dropped when it is
     * shared, and the last character when the final group is partial.
     */
    private static String base64(Base64.Encoder encoder, byte[] secret, int offset) {
        byte[] shifted = new byte[offset + secret.length];
        System.arraycopy(secret, 0, shifted, offset, secret.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int start = offset == 0 ? 0 : 4;
        int end = shifted.length % 3 == 0 ? encoded.length() : encoded.length() - 1;
        return encoded.substring(start, end);
    }
}
