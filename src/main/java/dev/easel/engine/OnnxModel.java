package dev.easel.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX session with its input and output descriptions read from the model itself (exporters
 * differ in names, dtypes and ranks). Thread-safe: ONNX Runtime sessions accept concurrent runs.
 * Owns the session; closed by the {@link DiffusionModel} that opened it.
 */
final class OnnxModel implements AutoCloseable {
    private final String component;
    private final OrtSession session;
    private final Map<String, TensorInfo> inputs;
    private final Map<String, TensorInfo> outputs;

    private OnnxModel(String component, OrtSession session) throws OrtException {
        this.component = component;
        this.session = session;
        this.inputs = tensorInfos(session.getInputInfo(), component);
        this.outputs = tensorInfos(session.getOutputInfo(), component);
    }

    /** Opens {@code file}, or its float32 copy when it is a float16 export (see {@link Fp32Cache}). */
    static OnnxModel open(OrtRuntime runtime, Path file, String component) {
        try {
            return new OnnxModel(component, runtime.open(Fp32Cache.resolve(file, component)));
        } catch (OrtException | java.io.IOException e) {
            throw new ModelLoadException("cannot load " + component + " from " + file + ": " + e.getMessage(), e);
        }
    }

    String component() {
        return component;
    }

    Map<String, TensorInfo> inputs() {
        return inputs;
    }

    Map<String, TensorInfo> outputs() {
        return outputs;
    }

    Optional<TensorInfo> input(String name) {
        return Optional.ofNullable(inputs.get(name));
    }

    /** The input called {@code name}, or a load error naming what the model has instead. */
    TensorInfo requireInput(String name) {
        TensorInfo info = inputs.get(name);
        if (info == null) {
            throw new ModelLoadException(component + " has no input '" + name + "' (it has " + inputs.keySet() + ")");
        }
        return info;
    }

    String firstInput() {
        return inputs.keySet().iterator().next();
    }

    String firstOutput() {
        return outputs.keySet().iterator().next();
    }

    /** Runs the model, adding ONNX Runtime's time to {@code timings}. The caller closes the result. */
    OrtSession.Result run(Map<String, OnnxTensor> feed, StageTimings timings) {
        long start = System.nanoTime();
        try {
            return session.run(feed);
        } catch (OrtException e) {
            throw new IllegalStateException(component + " failed: " + e.getMessage(), e);
        } finally {
            timings.addOrt(System.nanoTime() - start);
        }
    }

    /** Runs and copies the first output out as floats. */
    float[] runForFloats(Map<String, OnnxTensor> feed, StageTimings timings) {
        try (OrtSession.Result result = run(feed, timings)) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            float[] values = new float[Math.toIntExact(out.getInfo().getNumElements())];
            out.getFloatBuffer().get(values);
            return values;
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing " + component + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, TensorInfo> tensorInfos(Map<String, NodeInfo> nodes, String component) {
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        nodes.forEach((name, node) -> {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw new ModelLoadException(component + ": '" + name + "' is not a tensor");
            }
            out.put(name, tensor);
        });
        return out;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(component).append('(');
        inputs.forEach((n, t) -> s.append(n)
                .append(':')
                .append(t.type)
                .append(Arrays.toString(t.getShape()))
                .append(' '));
        return s.append(')').toString();
    }
}
