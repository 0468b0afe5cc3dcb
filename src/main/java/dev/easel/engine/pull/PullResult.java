package dev.easel.engine.pull;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a pull left in the model folder.
 *
 * @param repoId the repository pulled
 * @param revision the revision asked for
 * @param folder the model folder, {@code <modelsDir>/<owner>--<name>}
 * @param files every selected file, relative to {@code folder}, sorted
 * @param filesDownloaded files fetched (fully or partly) in this pull
 * @param bytesDownloaded bytes received over the network in this pull
 * @param filesReused files already present and verified, not fetched
 * @param bytesReused bytes already on disk: reused files plus kept parts of resumed downloads
 */
public record PullResult(
        String repoId,
        String revision,
        Path folder,
        List<String> files,
        int filesDownloaded,
        long bytesDownloaded,
        int filesReused,
        long bytesReused) {

    public PullResult {
        Objects.requireNonNull(repoId, "repoId");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(folder, "folder");
        files = List.copyOf(files);
        if (filesDownloaded < 0 || filesReused < 0 || bytesDownloaded < 0 || bytesReused < 0) {
            throw new IllegalArgumentException("negative counts in pull result");
        }
        if (filesDownloaded + filesReused != files.size()) {
            throw new IllegalArgumentException("downloaded + reused files must equal the file count");
        }
    }
}
