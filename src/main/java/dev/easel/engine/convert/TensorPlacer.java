package dev.easel.engine.convert;

import static dev.easel.engine.convert.DataTypes.FLOAT;
import static dev.easel.engine.convert.DataTypes.FLOAT16;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;

/**
 * Widens float16 tensors and decides where each tensor's bytes live in the target: initializers
 * go to the external data file when there is one (except tiny ones, which stay in the proto as
 * ONNX's own tools do), everything else is embedded. Tensors the source kept externally are
 * always rewritten, since the target cannot point at the source's files.
 */
final class TensorPlacer implements GraphRewriter.TensorMapper {
    /** Initializers below this stay embedded even when writing external data. */
    static final int EMBED_BELOW_BYTES = 1024;

    /** Called after each initializer is written; a test hook to simulate a crash mid-conversion. */
    interface Checkpoint {
        Checkpoint NONE = name -> {};

        void initializerWritten(String name) throws IOException;
    }

    private final TensorBytes bytes;
    private final DataPlacement placement;
    private final Checkpoint checkpoint;
    private final ConversionProgress progress;
    private long written;

    TensorPlacer(TensorBytes bytes, DataPlacement placement, Checkpoint checkpoint, ConversionProgress progress) {
        this.bytes = bytes;
        this.placement = placement;
        this.checkpoint = checkpoint;
        this.progress = progress;
    }

    @Override
    public TensorProto map(TensorProto t, boolean initializer) throws IOException {
        boolean half = t.getDataType() == FLOAT16;
        boolean mayExternalize = initializer && placement instanceof DataPlacement.External;
        boolean move = mayExternalize && t.hasRawData() && t.getRawData().size() >= EMBED_BELOW_BYTES;
        if (!half && !SourceData.isExternal(t) && !move) {
            return t;
        }
        long length = bytes.targetLength(t);
        TensorProto.Builder b = t.toBuilder()
                .clearRawData()
                .clearInt32Data()
                .clearExternalData()
                .clearDataLocation();
        if (half) {
            b.setDataType(FLOAT);
        }
        if (initializer
                && length >= EMBED_BELOW_BYTES
                && placement instanceof DataPlacement.External(DataFileWriter data)) {
            long offset = data.append(t, bytes, length);
            b.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", data.location()))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", Long.toString(length)));
        } else {
            b.setRawData(bytes.embedded(t));
        }
        if (initializer) {
            written += length;
            progress.written(written);
            checkpoint.initializerWritten(t.getName());
        }
        return b.build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
