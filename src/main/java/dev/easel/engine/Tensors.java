package dev.easel.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;

/**
 * Float input tensors for the stages. Every tensor it returns is owned by the caller, who closes
 * it (try-with-resources).
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

    static boolean isFloat(TensorInfo info) {
        return info.type == OnnxJavaType.FLOAT;
    }
}
