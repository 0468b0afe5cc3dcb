package dev.easel.engine.convert;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Converts float16 ONNX models to float32. Published Stable Diffusion exports are mostly float16,
 * and ONNX Runtime's CPU provider lacks (or is slow at) many float16 kernels, so Easel upcasts
 * such a model once at load and caches the copy on disk.
 */
public final class Fp16Upcast {
    private Fp16Upcast() {}

    /**
     * True if the model uses float16 anywhere: graph inputs, outputs or value_info, initializers,
     * Constant and other tensor attributes, Cast targets, dtype attributes, subgraphs, local
     * functions. Parses only the graph structure: raw_data and external tensor data are not read,
     * so a model whose external data file is absent can still be checked.
     *
     * @throws InvalidModelException if the file is not an ONNX model
     */
    public static boolean usesFloat16(Path model) throws IOException {
        return Upcaster.usesFloat16(model);
    }

    /**
     * Writes a float32 copy of {@code source} to {@code target}. The weights go to the sibling
     * {@code <target file name>_data} (so {@code model.onnx_data} for {@code model.onnx}) when the
     * source used external data or the converted initializers exceed 1 GiB; otherwise the target
     * is a single file. Names, opsets, IR version and metadata are kept.
     *
     * <p>Atomic: everything is written to temporary files in the target's folder and moved into
     * place, the model file last, so the target exists only if the conversion completed. A model
     * without float16 is copied as it is. Source and target must differ.
     *
     * @throws InvalidModelException if the source or its external data is malformed
     */
    public static UpcastSummary upcast(Path source, Path target) throws IOException {
        return upcast(source, target, ConversionProgress.NONE);
    }

    /** {@link #upcast(Path, Path)}, telling {@code progress} how it goes. */
    public static UpcastSummary upcast(Path source, Path target, ConversionProgress progress) throws IOException {
        return new Upcaster(Upcaster.EXTERNAL_ABOVE_BYTES, TensorPlacer.Checkpoint.NONE, progress)
                .upcast(source, target);
    }
}
