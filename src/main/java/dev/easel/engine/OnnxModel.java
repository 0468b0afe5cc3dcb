package dev.easel.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One ONNX session with its input and output descriptions read from the model itself (exporters
 * differ in names, dtypes and ranks). A stage opens one, resolves the names and types it needs
 * while loading, and owns it: closing the stage closes the session. Thread-safe: ONNX Runtime
 * sessions accept concurrent runs.
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
            return new OnnxModel(component, runtime.open(Fp32Cache.resolve(file, component, runtime.conversions())));
        } catch (OrtException | IOException e) {
            throw new ModelLoadException("cannot load " + component + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the rewritten copy of {@code file} (see {@link UnetCopies}: attention fused, and for
     * {@code int8} the weight MatMuls quantized), made on first use.
     */
    static OnnxModel openRewritten(OrtRuntime runtime, Path file, String component, UnetCopies.Variant variant) {
        try {
            Path fp32 = Fp32Cache.resolve(file, component, runtime.conversions());
            return new OnnxModel(
                    component + " (" + variant.name().toLowerCase(java.util.Locale.ROOT) + ")",
                    runtime.open(UnetCopies.resolve(file, fp32, component, variant, runtime.conversions())));
        } catch (OrtException | IOException e) {
            throw new ModelLoadException(
                    "cannot load the " + variant.name().toLowerCase(java.util.Locale.ROOT) + " " + component + " from "
                            + file + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Hands this session to the stage {@code stage} builds around it, which then owns it. When the
     * stage refuses the model (a load error while resolving names and types), the session is
     * closed again.
     */
    <S extends AutoCloseable> S into(Function<OnnxModel, S> stage) {
        try {
            return stage.apply(this);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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

    /** The inputs' names, in the model's order. */
    java.util.List<String> inputNames() {
        return java.util.List.copyOf(inputs.keySet());
    }

    /** The outputs' names, in the model's order. */
    java.util.List<String> outputNames() {
        return java.util.List.copyOf(outputs.keySet());
    }

    /** The first input, for single-input models whose exporters name it differently. */
    String firstInput() {
        return inputs.keySet().iterator().next();
    }

    /** The first of {@code preferred} that the model outputs, else its first output. */
    String outputPreferring(String... preferred) {
        return Arrays.stream(preferred)
                .filter(outputs::containsKey)
                .findFirst()
                .orElseGet(() -> outputs.keySet().iterator().next());
    }

    /** A load error unless {@code info} is float32 (float16 exports arrive here already converted). */
    void requireFloat(TensorInfo info, String what) {
        if (!Tensors.isFloat(info)) {
            throw new ModelLoadException(component + " " + what + " is " + info.type + "; expected float32");
        }
    }

    TensorInfo outputInfo(String name) {
        return outputs.get(name);
    }

    /**
     * Runs the model for the one output {@code output}, copied out as floats, adding ONNX
     * Runtime's time to {@code timings}. The caller keeps ownership of the feed's tensors.
     */
    float[] runForFloats(Map<String, OnnxTensor> feed, String output, StageTimings timings) {
        try (OrtSession.Result result = run(feed, output, timings)) {
            OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
            float[] values = new float[Math.toIntExact(out.getInfo().getNumElements())];
            out.getFloatBuffer().get(values);
            return values;
        }
    }

    /** An output copied out as floats, with the shape the run gave it. */
    record FloatOutput(float[] values, long[] shape) {}

    /** As {@link #runForFloats}, keeping the output's shape (for models whose output size is not fixed). */
    FloatOutput runForShapedFloats(Map<String, OnnxTensor> feed, String output, StageTimings timings) {
        try (OrtSession.Result result = run(feed, output, timings)) {
            OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
            float[] values = new float[Math.toIntExact(out.getInfo().getNumElements())];
            out.getFloatBuffer().get(values);
            return new FloatOutput(values, out.getInfo().getShape());
        }
    }

    /**
     * Runs the model once for several float outputs, copied out in the order of {@code names}
     * (a text encoder's hidden states and pooled embedding).
     */
    List<float[]> runForFloats(Map<String, OnnxTensor> feed, List<String> names, StageTimings timings) {
        long start = System.nanoTime();
        try (OrtSession.Result result = session.run(feed, Set.copyOf(names))) {
            List<float[]> out = new java.util.ArrayList<>(names.size());
            for (String name : names) {
                OnnxTensor tensor = (OnnxTensor) result.get(name).orElseThrow();
                float[] values = new float[Math.toIntExact(tensor.getInfo().getNumElements())];
                tensor.getFloatBuffer().get(values);
                out.add(values);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(component + " failed: " + e.getMessage(), e);
        } finally {
            timings.addOrt(System.nanoTime() - start);
        }
    }

    /** Runs the model for the boolean output {@code output} (a safety checker's verdicts), one per batch entry. */
    boolean[] runForBooleans(Map<String, OnnxTensor> feed, String output, StageTimings timings) {
        try (OrtSession.Result result = run(feed, output, timings)) {
            OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
            Object value = out.getValue();
            return switch (value) {
                case boolean[] flags -> flags;
                case Boolean flag -> new boolean[] {flag};
                default -> throw new IllegalStateException(component + " output " + output + " is not boolean");
            };
        } catch (OrtException e) {
            throw new IllegalStateException(component + " failed: " + e.getMessage(), e);
        }
    }

    private OrtSession.Result run(Map<String, OnnxTensor> feed, String output, StageTimings timings) {
        long start = System.nanoTime();
        try {
            return session.run(feed, Set.of(output));
        } catch (OrtException e) {
            throw new IllegalStateException(component + " failed: " + e.getMessage(), e);
        } finally {
            timings.addOrt(System.nanoTime() - start);
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
