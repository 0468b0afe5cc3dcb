package dev.easel.engine.pull;

import java.util.Objects;

/**
 * A repository file chosen for download and where it goes.
 *
 * @param source the file as listed by the Hub
 * @param target path relative to the model folder; differs from the source path only when the
 *     export lives under an {@code onnx/} subfolder, which is flattened away
 */
record PlannedFile(RepoFile source, String target) {

    PlannedFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        RepoFile.checkPath(target);
    }

    PlannedFile(RepoFile source) {
        this(source, source.path());
    }
}
