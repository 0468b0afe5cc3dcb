package dev.easel.engine.convert;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where a conversion puts the converted initializers' bytes: all embedded in the model file, or
 * streamed into an external data file beside it (models past protobuf's 2 GB limit, or whose
 * source already kept its weights outside).
 */
sealed interface DataPlacement extends Closeable {

    /** Flushes what was written to the device and returns the data file's size (0 when embedded). */
    long finish() throws IOException;

    /** Everything stays in the model file. */
    record Embedded() implements DataPlacement {
        @Override
        public long finish() {
            return 0;
        }

        @Override
        public void close() {}
    }

    /** Large initializers go to {@code writer}'s file; tiny ones stay embedded, as ONNX's own tools do. */
    record External(DataFileWriter writer) implements DataPlacement {
        @Override
        public long finish() throws IOException {
            writer.force();
            return writer.size();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
