package dev.easel.engine.pull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Random;

/** A file of a {@link FakeHub} repository; LFS files are served through the fake CDN. */
record FakeFile(String path, byte[] content, boolean lfs) {

    FakeFile {
        Objects.requireNonNull(path);
        content = content.clone();
    }

    static FakeFile text(String path, String text) {
        return new FakeFile(path, text.getBytes(StandardCharsets.UTF_8), false);
    }

    static FakeFile lfs(String path, int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return new FakeFile(path, bytes, true);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    String sha256() {
        return hex("SHA-256", content);
    }

    /** The git blob id: of the content for plain files, of the LFS pointer for LFS files (as on the Hub). */
    String gitOid() {
        byte[] stored = lfs
                ? ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256() + "\nsize " + content.length
                                + "\n")
                        .getBytes(StandardCharsets.UTF_8)
                : content;
        byte[] header = ("blob " + stored.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] blob = new byte[header.length + stored.length];
        System.arraycopy(header, 0, blob, 0, header.length);
        System.arraycopy(stored, 0, blob, header.length, stored.length);
        return hex("SHA-1", blob);
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
