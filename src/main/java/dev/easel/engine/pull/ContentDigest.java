package dev.easel.engine.pull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Incremental hash of a file's content in the form the Hub lists it: sha256 for LFS files, the git blob
 * sha1 ({@code sha1("blob <size>\0" + content)}) for files stored in git, and nothing when the listing
 * gave no hash (then only the size is checked).
 */
final class ContentDigest {

    private final String algorithm;
    private final String expected;
    private final MessageDigest digest;
    private final byte[] prefix;

    private ContentDigest(String algorithm, String expected, MessageDigest digest, byte[] prefix) {
        this.algorithm = algorithm;
        this.expected = expected;
        this.digest = digest;
        this.prefix = prefix;
        reset();
    }

    static ContentDigest forFile(RepoFile file) {
        if (file.lfsSha256().isPresent()) {
            return new ContentDigest("sha256", file.lfsSha256().get(), newDigest("SHA-256"), new byte[0]);
        }
        if (file.gitOid().isPresent()) {
            byte[] header = ("blob " + file.size() + "\0").getBytes(StandardCharsets.US_ASCII);
            return new ContentDigest("git blob sha1", file.gitOid().get(), newDigest("SHA-1"), header);
        }
        return new ContentDigest("none", "", null, new byte[0]);
    }

    /** Forgets everything hashed so far (the download restarts from byte 0). */
    void reset() {
        if (digest != null) {
            digest.reset();
            digest.update(prefix);
        }
    }

    void update(ByteBuffer bytes) {
        if (digest != null) {
            digest.update(bytes);
        }
    }

    /** Hashes the first {@code length} bytes of {@code file}, e.g. a partial download being resumed. */
    void updateFrom(Path file, long length) throws IOException {
        if (digest == null) {
            return;
        }
        byte[] buffer = new byte[1 << 16];
        long left = length;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IOException(file + " is shorter than " + length + " bytes");
                }
                digest.update(buffer, 0, read);
                left -= read;
            }
        }
    }

    /** "sha256", "git blob sha1" or "none". */
    String algorithm() {
        return algorithm;
    }

    String expected() {
        return expected;
    }

    /** The hex digest of what was hashed; ends this round of hashing (call {@link #reset()} to reuse). */
    String actual() {
        return digest == null ? "" : HexFormat.of().formatHex(digest.digest());
    }

    /** Hex digest of a whole file, compared with the expected one; always true when no hash is known. */
    boolean matchesFile(Path file, long size) throws IOException {
        reset();
        updateFrom(file, size);
        return actual().equals(expected);
    }

    private static MessageDigest newDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is required by every Java platform", e);
        }
    }
}
