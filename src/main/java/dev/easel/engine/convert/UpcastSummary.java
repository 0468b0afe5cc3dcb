package dev.easel.engine.convert;

/**
 * What {@link Fp16Upcast#upcast} did.
 *
 * @param tensorsConverted float16 tensors rewritten as float32: initializers, Constant values and
 *     other tensor attributes, in subgraphs too
 * @param bytesWritten size of the model file plus its external data file, if any
 * @param externalData whether the weights went to the {@code <model file name>_data} sibling
 */
public record UpcastSummary(int tensorsConverted, long bytesWritten, boolean externalData) {}
