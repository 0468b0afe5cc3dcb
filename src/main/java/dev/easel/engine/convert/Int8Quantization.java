package dev.easel.engine.convert;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Int8 dynamic quantization of a float32 model's weight MatMuls (see {@link MatMulQuantizer}):
 * the fast CPU option for UNets, whose attention and feed-forward projections are MatMuls with
 * constant weights. Convolutions stay float32.
 */
public final class Int8Quantization {
    private Int8Quantization() {}

    /** What {@link #quantize} did. */
    public record Summary(int matMulsQuantized, long floatBytesReplaced, long bytesWritten) {}

    /**
     * Writes the quantized copy of {@code source} to {@code target} (weights in
     * {@code <target>_data} when the source keeps external data or they exceed 1 GiB), atomically
     * as {@link Fp16Upcast#upcast} does. A float16 source is widened as it is written.
     *
     * @throws InvalidModelException if the source or its external data is malformed
     */
    public static Summary quantize(Path source, Path target) throws IOException {
        MatMulQuantizer quantizer = new MatMulQuantizer();
        UpcastSummary written = new Upcaster(Upcaster.EXTERNAL_ABOVE_BYTES, TensorPlacer.Checkpoint.NONE)
                .convert(source, target, quantizer::rewrite);
        return new Summary(quantizer.quantized(), quantizer.floatBytesReplaced(), written.bytesWritten());
    }
}
