package dev.easel.engine.convert;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends tensors to the target's external data file, one at a time as they are converted.
 * Offsets are page-aligned so ONNX Runtime can memory-map the weights instead of copying them.
 */
final class DataFileWriter implements Closeable {
    static final int ALIGNMENT = 4096;

    private final FileChannel channel;
    private final String location;
    private long end;

    /**
     * @param file an existing empty file where the bytes go for now
     * @param location the file name the model refers to, relative to the model's folder
     */
    DataFileWriter(Path file, String location) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        this.location = location;
    }

    String location() {
        return location;
    }

    /** Writes the tensor's target bytes (length from {@link TensorBytes#targetLength}); returns its offset. */
    long append(TensorProto t, TensorBytes bytes, long length) throws IOException {
        long offset = (end + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        long[] position = {offset};
        bytes.stream(t, chunk -> position[0] += writeFully(chunk, position[0]));
        if (position[0] - offset != length) {
            throw new IllegalStateException(
                    "tensor '" + t.getName() + "' wrote " + (position[0] - offset) + " bytes, expected " + length);
        }
        end = position[0];
        return offset;
    }

    /** Bytes in the file so far, padding included. */
    long size() {
        return end;
    }

    /** Flushes the data to the device, so a renamed file is never one whose bytes were lost. */
    void force() throws IOException {
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private int writeFully(ByteBuffer chunk, long position) throws IOException {
        int total = 0;
        while (chunk.hasRemaining()) {
            total += channel.write(chunk, position + total);
        }
        return total;
    }
}
