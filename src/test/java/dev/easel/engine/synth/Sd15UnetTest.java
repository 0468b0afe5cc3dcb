package dev.easel.engine.synth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sd15UnetTest {
    private static final long SD15_PARAMETERS = 859_520_964L;

    @TempDir
    static Path dir;

    private static OrtEnvironment env;
    private static long smallParameters;

    @BeforeAll
    static void writeSmallModel() throws Exception {
        smallParameters = Sd15Unet.write(dir, 42L, 8);
        env = OrtEnvironment.getEnvironment();
    }

    @Test
    void smallModelHasTheDiffusersInterface() throws Exception {
        assertThat(smallParameters).isEqualTo(Sd15Unet.countParameters(8));
        try (OrtSession session = open()) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            assertThat(inputs.keySet()).containsExactly("sample", "timestep", "encoder_hidden_states");
            assertTensor(inputs.get("sample"), -1, 4, -1, -1);
            assertTensor(inputs.get("timestep"), -1);
            assertTensor(inputs.get("encoder_hidden_states"), -1, -1, 768);
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            assertThat(outputs.keySet()).containsExactly("out_sample");
            assertTensor(outputs.get("out_sample"), -1, 4, -1, -1);
            TensorInfo sample = (TensorInfo) inputs.get("sample").getInfo();
            assertThat(sample.getDimensionNames()).containsExactly("batch", "", "height", "width");
        }
    }

    @Test
    void smallModelRunsAtSeveralSizes() throws OrtException {
        try (OrtSession session = open()) {
            runAndCheck(session, 2, 16, new float[] {999f, 1f});
            runAndCheck(session, 1, 8, new float[] {999f});
            runAndCheck(session, 1, 8, new float[] {1f});
        }
    }

    @Test
    void fullSizeParameterCountMatchesSd15() throws Exception {
        long count = Sd15Unet.countParameters(1);
        assertThat((double) count).isCloseTo(859.5e6, org.assertj.core.data.Percentage.withPercentage(10));
        // The wiring mirrors diffusers' layer for layer, so the count is the real one exactly.
        assertThat(count).isEqualTo(SD15_PARAMETERS);
    }

    private static OrtSession open() throws OrtException {
        return env.createSession(dir.resolve(Sd15Unet.MODEL_FILE).toString(), new OrtSession.SessionOptions());
    }

    private static void assertTensor(NodeInfo node, long... shape) {
        TensorInfo info = (TensorInfo) node.getInfo();
        assertThat(info.type).isEqualTo(OnnxJavaType.FLOAT);
        assertThat(info.getShape()).containsExactly(shape);
    }

    private static void runAndCheck(OrtSession session, int batch, int size, float[] timesteps) throws OrtException {
        SplittableRandom rng = new SplittableRandom(batch * 1000L + size);
        long[] sampleShape = {batch, 4, size, size};
        long[] contextShape = {batch, 77, 768};
        try (OnnxTensor sample = tensor(rng, sampleShape);
                OnnxTensor timestep = OnnxTensor.createTensor(env, FloatBuffer.wrap(timesteps), new long[] {batch});
                OnnxTensor context = tensor(rng, contextShape);
                OrtSession.Result result =
                        session.run(Map.of("sample", sample, "timestep", timestep, "encoder_hidden_states", context))) {
            OnnxTensor out = (OnnxTensor) result.get("out_sample").orElseThrow();
            assertThat(out.getInfo().getShape()).containsExactly(sampleShape);
            FloatBuffer values = out.getFloatBuffer();
            boolean anyNonZero = false;
            while (values.hasRemaining()) {
                float v = values.get();
                assertThat(Float.isFinite(v)).as("finite output").isTrue();
                anyNonZero |= v != 0f;
            }
            assertThat(anyNonZero).as("some output is non-zero").isTrue();
        }
    }

    private static OnnxTensor tensor(SplittableRandom rng, long[] shape) throws OrtException {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
    }
}
