package dev.easel.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * Builds input tensors in whatever element type and rank the model declares. Every tensor it
 * returns is owned by the caller, who closes it (try-with-resources).
 */
final class Tensors {
    private Tensors() {}

    static OnnxTensor floats(OrtEnvironment env, float[] data, long... shape) {
        try {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create tensor: " + e.getMessage(), e);
        }
    }

    /** Token ids as the model's int32 or int64 input of shape [batch, length]. */
    static OnnxTensor ids(OrtEnvironment env, TensorInfo info, int[] ids, int batch) {
        long[] shape = {batch, ids.length / batch};
        try {
            return switch (info.type) {
                case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(ids), shape);
                case INT64 -> {
                    long[] wide = new long[ids.length];
                    for (int i = 0; i < ids.length; i++) {
                        wide[i] = ids[i];
                    }
                    yield OnnxTensor.createTensor(env, LongBuffer.wrap(wide), shape);
                }
                default -> throw new ModelLoadException("text encoder input_ids has unsupported type " + info.type);
            };
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create tensor: " + e.getMessage(), e);
        }
    }

    /**
     * The UNet's timestep in the declared form: exporters use a float [batch] (diffusers' script),
     * an int64 or float scalar, or a [1] tensor (optimum). Integer types get the rounded value.
     */
    static OnnxTensor timestep(OrtEnvironment env, TensorInfo info, float t, int batch) {
        long[] declared = info.getShape();
        long[] shape = switch (declared.length) {
            case 0 -> new long[0];
            case 1 -> new long[] {declared[0] == 1 ? 1 : batch};
            default -> throw new ModelLoadException("unet timestep has unsupported rank " + declared.length);
        };
        int count = shape.length == 0 ? 1 : (int) shape[0];
        try {
            return switch (info.type) {
                case FLOAT -> {
                    float[] v = new float[count];
                    java.util.Arrays.fill(v, t);
                    yield OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
                }
                case DOUBLE -> {
                    double[] v = new double[count];
                    java.util.Arrays.fill(v, t);
                    yield OnnxTensor.createTensor(env, java.nio.DoubleBuffer.wrap(v), shape);
                }
                case INT64 -> {
                    long[] v = new long[count];
                    java.util.Arrays.fill(v, Math.round(t));
                    yield OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape);
                }
                case INT32 -> {
                    int[] v = new int[count];
                    java.util.Arrays.fill(v, Math.round(t));
                    yield OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape);
                }
                default -> throw new ModelLoadException("unet timestep has unsupported type " + info.type);
            };
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create tensor: " + e.getMessage(), e);
        }
    }

    static boolean isFloat(TensorInfo info) {
        return info.type == OnnxJavaType.FLOAT;
    }
}
