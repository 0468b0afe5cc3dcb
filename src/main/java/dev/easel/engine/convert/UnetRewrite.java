package dev.easel.engine.convert;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The load-time rewrites of a UNet, applied in one pass into a cached copy: attention fused into
 * {@code MultiHeadAttention} ({@link AttentionFusion}) and, optionally, the weight MatMuls
 * quantized to int8 ({@link MatMulQuantizer}).
 */
public final class UnetRewrite {
    private UnetRewrite() {}

    /** What {@link #write} did. */
    public record Summary(int attentionsFused, int matMulsQuantized, long floatBytesReplaced, long bytesWritten) {}

    /**
     * Writes the rewritten copy of {@code source} to {@code target} (weights in
     * {@code <target>_data} when the source keeps external data or they exceed 1 GiB), atomically
     * as {@link Fp16Upcast#upcast} does; a float16 source is widened as it is written.
     *
     * @throws InvalidModelException if the source or its external data is malformed
     */
    public static Summary write(Path source, Path target, boolean fuseAttention, boolean int8) throws IOException {
        return write(source, target, fuseAttention, int8, ConversionProgress.NONE);
    }

    /** {@link #write(Path, Path, boolean, boolean)}, telling {@code progress} how it goes. */
    public static Summary write(
            Path source, Path target, boolean fuseAttention, boolean int8, ConversionProgress progress)
            throws IOException {
        AttentionFusion fusion = new AttentionFusion();
        MatMulQuantizer quantizer = new MatMulQuantizer();
        UpcastSummary written = new Upcaster(Upcaster.EXTERNAL_ABOVE_BYTES, TensorPlacer.Checkpoint.NONE, progress)
                .convert(source, target, (model, bytes) -> {
                    var fused = fuseAttention ? fusion.rewrite(model) : model;
                    return int8 ? quantizer.rewrite(fused, bytes) : fused;
                });
        return new Summary(
                fusion.fused(), quantizer.quantized(), quantizer.floatBytesReplaced(), written.bytesWritten());
    }
}
