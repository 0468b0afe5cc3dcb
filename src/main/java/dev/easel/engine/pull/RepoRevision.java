package dev.easel.engine.pull;

import java.util.Objects;

/**
 * One revision of a Hub repository: what a pull lists, downloads from and names in its messages.
 *
 * @param revision branch, tag or commit, e.g. {@code main}; put into URLs percent-encoded, so only
 *     blank, over-long and control-character revisions are refused
 */
record RepoRevision(RepoId repo, String revision) {

    RepoRevision {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(revision, "revision");
        if (revision.isBlank() || revision.length() > 256 || revision.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("invalid revision '" + revision + "'");
        }
    }
}
