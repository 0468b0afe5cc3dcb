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
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sd15VaeTest {
    /** diffusers' AutoencoderKL for SD 1.5: decoder + post_quant_conv, encoder + quant_conv. */
    private static final long DECODER_PARAMETERS = 49_490_199L;

    private static final long ENCODER_PARAMETERS = 34_163_664L;

    @TempDir
    static Path dir;

    private static OrtEnvironment env;
    private static long decoderParameters;
    private static long encoderParameters;

    @BeforeAll
    static void writeSmallModels() throws Exception {
        decoderParameters = Sd15Vae.writeDecoder(dir.resolve("vae_decoder"), 42L, 8);
        encoderParameters = Sd15Vae.writeEncoder(dir.resolve("vae_encoder"), 43L, 8);
        env = OrtEnvironment.getEnvironment();
    }

    @Test
    void smallDecoderHasTheExportInterfaceAndRuns() throws Exception {
        assertThat(decoderParameters).isEqualTo(Sd15Vae.countDecoderParameters(8));
        try (OrtSession session = open("vae_decoder")) {
            assertThat(session.getInputInfo().keySet()).containsExactly("latent_sample");
            assertThat(session.getOutputInfo().keySet()).containsExactly("sample");
            assertTensor(session.getInputInfo().get("latent_sample"), "batch", "", "latent_height", "latent_width");
            assertTensor(session.getOutputInfo().get("sample"), "batch", "", "height", "width");
            runAndCheck(session, "latent_sample", new long[] {1, 4, 8, 8}, "sample", new long[] {1, 3, 64, 64});
        }
    }

    @Test
    void smallEncoderHasTheExportInterfaceAndRuns() throws Exception {
        assertThat(encoderParameters).isEqualTo(Sd15Vae.countEncoderParameters(8));
        try (OrtSession session = open("vae_encoder")) {
            assertThat(session.getInputInfo().keySet()).containsExactly("sample");
            assertThat(session.getOutputInfo().keySet()).containsExactly("latent_parameters");
            assertTensor(session.getInputInfo().get("sample"), "batch", "", "height", "width");
            assertTensor(
                    session.getOutputInfo().get("latent_parameters"), "batch", "", "latent_height", "latent_width");
            runAndCheck(session, "sample", new long[] {1, 3, 64, 64}, "latent_parameters", new long[] {1, 8, 8, 8});
        }
    }

    @Test
    void fullSizeParameterCountsMatchSd15() throws Exception {
        long decoder = Sd15Vae.countDecoderParameters(1);
        long encoder = Sd15Vae.countEncoderParameters(1);
        assertThat((double) decoder).isCloseTo(49.5e6, Percentage.withPercentage(5));
        assertThat((double) encoder).isCloseTo(34.2e6, Percentage.withPercentage(5));
        // Layer-for-layer wiring gives diffusers' counts exactly.
        assertThat(decoder).isEqualTo(DECODER_PARAMETERS);
        assertThat(encoder).isEqualTo(ENCODER_PARAMETERS);
    }

    private static OrtSession open(String part) throws OrtException {
        return env.createSession(
                dir.resolve(part).resolve(Sd15Vae.MODEL_FILE).toString(), new OrtSession.SessionOptions());
    }

    /** Float tensor whose fixed dimensions are the channels and whose other dims carry these names. */
    private static void assertTensor(NodeInfo node, String... dimensionNames) {
        TensorInfo info = (TensorInfo) node.getInfo();
        assertThat(info.type).isEqualTo(OnnxJavaType.FLOAT);
        assertThat(info.getDimensionNames()).containsExactly(dimensionNames);
        assertThat(info.getShape()[0]).isEqualTo(-1);
        assertThat(info.getShape()[2]).isEqualTo(-1);
        assertThat(info.getShape()[3]).isEqualTo(-1);
    }

    private static void runAndCheck(OrtSession session, String input, long[] inShape, String output, long[] outShape)
            throws OrtException {
        SplittableRandom rng = new SplittableRandom(7);
        float[] values = new float[Math.toIntExact(inShape[0] * inShape[1] * inShape[2] * inShape[3])];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), inShape);
                OrtSession.Result result = session.run(Map.of(input, in))) {
            OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
            assertThat(out.getInfo().getShape()).containsExactly(outShape);
            FloatBuffer data = out.getFloatBuffer();
            boolean anyNonZero = false;
            float maxAbs = 0f;
            while (data.hasRemaining()) {
                float v = data.get();
                assertThat(Float.isFinite(v)).as("finite output").isTrue();
                anyNonZero |= v != 0f;
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            assertThat(anyNonZero).as("some output is non-zero").isTrue();
            // Unit-variance weights keep activations at unit order; a blow-up shows here first.
            assertThat(maxAbs).as("bounded output").isLessThan(100f);
        }
    }
}
