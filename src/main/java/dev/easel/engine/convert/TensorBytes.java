package dev.easel.engine.convert;

import static dev.easel.engine.convert.DataTypes.FLOAT16;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Streams a tensor's bytes as the target stores them: float16 widened exactly to float32
 * (little-endian, as ONNX raw data is), anything else unchanged. Works chunk by chunk, so a
 * tensor never needs a second full-size copy in memory. Not thread-safe.
 */
final class TensorBytes {
    /** Receives consecutive chunks; it must consume each chunk's remaining bytes before returning. */
    interface Sink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    private static final int CHUNK_ELEMENTS = 1 << 20;

    private final SourceData source;
    private final ByteBuffer in = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * 2).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * 4).order(ByteOrder.LITTLE_ENDIAN);
    private final short[] halfBits = new short[CHUNK_ELEMENTS];
    private final float[] floats = new float[CHUNK_ELEMENTS];

    TensorBytes(SourceData source) {
        this.source = source;
    }

    /**
     * Whether the tensor is a plain byte sequence this class can stream: external, raw_data, or
     * float16 in int32_data. Other typed fields (float_data, int64_data...) stay in the proto.
     */
    static boolean streamable(TensorProto t) {
        return SourceData.isExternal(t) || t.hasRawData() || t.getDataType() == FLOAT16;
    }

    /** The byte length {@link #stream} will produce; checks float16 payloads against the dims. */
    long targetLength(TensorProto t) throws IOException {
        if (t.getDataType() != FLOAT16) {
            return SourceData.isExternal(t)
                    ? source.extent(t).length()
                    : t.getRawData().size();
        }
        long count = DataTypes.elementCount(t);
        boolean fits;
        if (SourceData.isExternal(t)) {
            fits = source.extent(t).length() == count * 2;
        } else if (t.hasRawData()) {
            fits = t.getRawData().size() == count * 2;
        } else {
            fits = t.getInt32DataCount() == count;
        }
        if (!fits) {
            throw new InvalidModelException("float16 tensor '" + t.getName()
                    + "' holds a different number of values than its dims " + t.getDimsList() + " need");
        }
        return Math.multiplyExact(count, 4L);
    }

    /** The target bytes as an embedded value, for tensors that stay inside the model file. */
    ByteString embedded(TensorProto t) throws IOException {
        long length = targetLength(t);
        if (length > Integer.MAX_VALUE - 8) {
            throw new InvalidModelException("tensor '" + t.getName() + "' is too large to embed: " + length + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        ByteBuffer dst = ByteBuffer.wrap(bytes);
        stream(t, dst::put);
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    void stream(TensorProto t, Sink sink) throws IOException {
        boolean half = t.getDataType() == FLOAT16;
        if (SourceData.isExternal(t)) {
            streamExternal(source.extent(t), half, sink);
        } else if (t.hasRawData()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (half) {
                widen(raw, sink);
            } else {
                sink.accept(raw);
            }
        } else if (half) {
            widenInts(t, sink);
        } else {
            throw new IllegalStateException("tensor '" + t.getName() + "' has no byte form; check streamable()");
        }
    }

    private void streamExternal(SourceData.Extent extent, boolean half, Sink sink) throws IOException {
        ByteBuffer buffer = half ? in : out;
        long end = extent.offset() + extent.length();
        for (long pos = extent.offset(); pos < end; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - pos));
            source.read(extent, pos, buffer);
            pos += buffer.position();
            buffer.flip();
            if (half) {
                widen(buffer, sink);
            } else {
                sink.accept(buffer);
            }
        }
    }

    /**
     * Half→float is exact: every float16 value (NaN payloads included) is a float32 value. Goes
     * through arrays because bulk buffer copies plus a plain loop (which the JIT vectorizes with
     * the float16 intrinsic) are several times faster than per-element buffer calls.
     */
    private void widen(ByteBuffer halves, Sink sink) throws IOException {
        while (halves.remaining() >= 2) {
            int n = Math.min(halves.remaining() / 2, CHUNK_ELEMENTS);
            halves.asShortBuffer().get(halfBits, 0, n);
            halves.position(halves.position() + n * 2);
            for (int i = 0; i < n; i++) {
                floats[i] = Float.float16ToFloat(halfBits[i]);
            }
            emit(n, sink);
        }
    }

    /** ONNX stores float16 in int32_data as the 16 bits of the half in each element's low half. */
    private void widenInts(TensorProto t, Sink sink) throws IOException {
        int count = t.getInt32DataCount();
        for (int start = 0; start < count; start += CHUNK_ELEMENTS) {
            int n = Math.min(count - start, CHUNK_ELEMENTS);
            for (int i = 0; i < n; i++) {
                floats[i] = Float.float16ToFloat((short) t.getInt32Data(start + i));
            }
            emit(n, sink);
        }
    }

    private void emit(int n, Sink sink) throws IOException {
        out.clear();
        out.asFloatBuffer().put(floats, 0, n);
        out.limit(n * 4);
        sink.accept(out);
    }
}
