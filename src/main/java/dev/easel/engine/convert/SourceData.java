package dev.easel.engine.convert;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The external data files of a source model, opened on demand and read by position, so a
 * multi-GB weights file is never loaded whole. Not thread-safe.
 */
final class SourceData implements Closeable {
    /** Where an external tensor's bytes lie. */
    record Extent(Path file, long offset, long length) {}

    private final Path modelDir;
    private final Map<Path, FileChannel> open = new HashMap<>();

    SourceData(Path model) {
        this.modelDir = model.toAbsolutePath().normalize().getParent();
    }

    static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /**
     * Resolves an external tensor's location (relative to the model's folder, which it may not
     * leave, as ONNX Runtime also insists), offset (default 0) and length (default: to the end).
     */
    Extent extent(TensorProto t) throws IOException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = number(t, e);
                case "length" -> length = number(t, e);
                default -> {
                    // "checksum" and future keys do not affect where the bytes are.
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new InvalidModelException("external tensor '" + t.getName() + "' has no location");
        }
        Path file = modelDir.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(modelDir)) {
            throw new InvalidModelException(
                    "external tensor '" + t.getName() + "' points outside the model folder: " + location);
        }
        long size = channel(file).size();
        if (length < 0) {
            length = size - offset;
        }
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new InvalidModelException("external tensor '" + t.getName() + "' wants bytes [" + offset + ", "
                    + (offset + length) + ") of " + file + ", which has " + size);
        }
        return new Extent(file, offset, length);
    }

    /** Fills {@code dst} from absolute {@code position} of the extent's file. */
    void read(Extent extent, long position, ByteBuffer dst) throws IOException {
        FileChannel channel = channel(extent.file());
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                throw new InvalidModelException(extent.file() + " ended early at byte " + position);
            }
            position += n;
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (FileChannel c : open.values()) {
            try {
                c.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private FileChannel channel(Path file) throws IOException {
        FileChannel channel = open.get(file);
        if (channel == null) {
            try {
                channel = FileChannel.open(file);
            } catch (NoSuchFileException e) {
                throw new InvalidModelException("external data file " + file + " is missing", e);
            }
            open.put(file, channel);
        }
        return channel;
    }

    private static long number(TensorProto t, StringStringEntryProto e) throws InvalidModelException {
        try {
            return Long.parseLong(e.getValue().trim());
        } catch (NumberFormatException ex) {
            throw new InvalidModelException(
                    "external tensor '" + t.getName() + "' has a non-numeric " + e.getKey() + ": " + e.getValue());
        }
    }
}
