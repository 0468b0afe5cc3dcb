package dev.easel.store;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.io.TempDir;

/** The blob store contract on the data folder's files (the embedded default). */
class FileBlobStoreContractTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    BlobStore store(String area, String prefix) throws IOException {
        return new FileBlobStore(dir.resolve(area), prefix, new SecureRandom());
    }
}
