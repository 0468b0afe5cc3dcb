package dev.easel.engine.pull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Local file operations whose failures end the pull as {@link PullException.Reason#LOCAL_IO}: unlike
 * network errors they are not retried, and the message names the file.
 */
final class LocalFiles {

    /** An operation on the local file system. */
    interface Operation<T> {
        T run() throws IOException;
    }

    private LocalFiles() {}

    static <T> T call(Path file, Operation<T> operation) throws PullException {
        try {
            return operation.run();
        } catch (IOException e) {
            throw new PullException(
                    PullException.Reason.LOCAL_IO, "file system error on " + file + ": " + HubErrors.describe(e), e);
        }
    }

    /** Best effort: a part file that cannot be deleted is overwritten or re-verified by the next pull. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // See the contract above.
        }
    }
}
