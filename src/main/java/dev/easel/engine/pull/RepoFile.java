package dev.easel.engine.pull;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One file listed by the Hub's tree API.
 *
 * @param path repository-relative path with {@code /} separators; checked to stay inside the repository
 *     because it comes from the network and becomes a local file name
 * @param size size in bytes of the real content (for LFS files the object's size, not the pointer's)
 * @param gitOid git blob sha1 (40 hex digits) of the file as stored in git, when the Hub reported it
 * @param lfsSha256 sha256 (64 hex digits) of the content, present exactly for LFS files
 */
record RepoFile(String path, long size, Optional<String> gitOid, Optional<String> lfsSha256) {

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    RepoFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(gitOid, "gitOid");
        Objects.requireNonNull(lfsSha256, "lfsSha256");
        checkPath(path);
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + path);
        }
        gitOid.ifPresent(oid -> require(SHA1, oid, "git oid", path));
        lfsSha256.ifPresent(oid -> require(SHA256, oid, "LFS sha256", path));
    }

    boolean isLfs() {
        return lfsSha256.isPresent();
    }

    /** The file name after the last {@code /}. */
    String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The folder part before the last {@code /}, or "" for top-level files. */
    String folder() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static void checkPath(String path) {
        boolean valid = !path.isEmpty()
                && !path.startsWith("/")
                && !path.endsWith("/")
                && path.indexOf('\\') < 0
                && path.indexOf('\0') < 0;
        for (String segment : path.split("/", -1)) {
            valid &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
        }
        if (!valid) {
            throw new IllegalArgumentException("unsafe file path in repository listing: '" + path + "'");
        }
    }

    private static void require(Pattern pattern, String value, String what, String path) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("malformed " + what + " '" + value + "' for " + path);
        }
    }
}
