package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.synth.IpAdapterGraphs;
import dev.easel.engine.synth.OnnxGraph;
import dev.easel.engine.synth.OnnxGraph.Type;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference images through the IP-Adapter: the UNet receives exactly the image encoder's
 * embedding of the references (averaged), zeros in the unconditional pass, and the strength; the
 * pictures follow the references; a model without an adapter refuses them.
 */
class ReferenceImagesTest {
    private static final RgbImage RED = solid(64, 64, 200, 30, 20);
    private static final RgbImage BLUE = solid(96, 64, 10, 40, 220);

    @Test
    void theUnetGetsTheMeanEmbeddingZerosUnconditionallyAndTheStrength(@TempDir Path dir)
            throws IOException, OrtException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY_IP_ADAPTER, 42);
        recordingUnet(dir.resolve("unet"), true);
        try (DiffusionModel model = DiffusionModel.load(dir, TestModels.runtime())) {
            assertThat(model.referenceSupport()).isEqualTo(new ReferenceSupport.IpAdapter(true, 1.0));
            float guidance = 3f;
            float[] red = encodeDirectly(dir, RED);
            float[] blue = encodeDirectly(dir, BLUE);
            float[] eps =
                    predict(model, guidance, new ImagePrompt.References(List.of(RED, BLUE), OptionalDouble.of(0.5)));
            for (int c = 0; c < 4; c++) {
                // uncond (zeros) + 3 · (cond − 0), cond = 0.5 · mean of the two embeddings
                float expected = guidance * 0.5f * (red[c] + blue[c]) / 2;
                assertThat(eps[c * 64]).isCloseTo(expected, within(1e-5f));
            }
            assertThat(red[0]).isNotEqualTo(blue[0]);
            // The model's default strength (1.0) when the request sets none.
            float[] one = predict(model, guidance, new ImagePrompt.References(List.of(RED), OptionalDouble.empty()));
            assertThat(one[0]).isCloseTo(guidance * red[0], within(1e-5f));
            // No references: zeros at strength 0, the adapter off.
            assertThat(predict(model, guidance, new ImagePrompt.None())).containsOnly(0f);
        }
    }

    @Test
    void referencesSteerThePictureAndWithoutThemItIsTheTinyModelsExactly() {
        DiffusionModel adapter = TestModels.tinyIpAdapter();
        ImageJob job = ImageJob.text("a lighthouse", 64, 64, 3, 1, 7);
        byte[] plain = adapter.generate(job, GenerationListener.NONE, CancelToken.NEVER)
                .image()
                .rgb();
        byte[] tiny = TestModels.tiny()
                .generate(job, GenerationListener.NONE, CancelToken.NEVER)
                .image()
                .rgb();
        assertThat(plain).isEqualTo(tiny);
        byte[] red = adapter.generate(
                        job.withImagePrompt(new ImagePrompt.References(List.of(RED), OptionalDouble.empty())),
                        GenerationListener.NONE,
                        CancelToken.NEVER)
                .image()
                .rgb();
        byte[] blue = adapter.generate(
                        job.withImagePrompt(new ImagePrompt.References(List.of(BLUE), OptionalDouble.empty())),
                        GenerationListener.NONE,
                        CancelToken.NEVER)
                .image()
                .rgb();
        assertThat(meanDifference(red, plain)).isGreaterThan(1.0);
        assertThat(meanDifference(red, blue)).isGreaterThan(1.0);
        assertThat(adapter.batchKey(job)).isPresent();
        assertThat(adapter.batchKey(
                        job.withImagePrompt(new ImagePrompt.References(List.of(RED), OptionalDouble.empty()))))
                .isEmpty();
    }

    @Test
    void aModelWithoutAnAdapterRefusesReferencesSayingWhatItWouldNeed() {
        DiffusionModel tiny = TestModels.tiny();
        assertThat(tiny.referenceSupport()).isInstanceOf(ReferenceSupport.Unsupported.class);
        ImageJob job = ImageJob.text("a lighthouse", 64, 64, 2, 1, 7)
                .withImagePrompt(new ImagePrompt.References(List.of(RED), OptionalDouble.empty()));
        assertThatThrownBy(() -> tiny.generate(job, GenerationListener.NONE, CancelToken.NEVER))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot use reference images")
                .hasMessageContaining("image_encoder/model.onnx")
                .hasMessageContaining("image_embeds");
    }

    @Test
    void anExportWithItsStrengthBakedInTakesRankTwoEmbeddingsAndRefusesAStrength(@TempDir Path dir)
            throws IOException, OrtException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY_IP_ADAPTER, 42);
        recordingUnet(dir.resolve("unet"), false);
        try (DiffusionModel model = DiffusionModel.load(dir, TestModels.runtime())) {
            assertThat(model.referenceSupport()).isEqualTo(new ReferenceSupport.IpAdapter(false, 1.0));
            float[] eps = predict(model, 2f, new ImagePrompt.References(List.of(BLUE), OptionalDouble.empty()));
            float[] blue = encodeDirectly(dir, BLUE);
            assertThat(eps[3 * 64]).isCloseTo(2f * blue[3], within(1e-5f));
            assertThatThrownBy(
                            () -> predict(model, 2f, new ImagePrompt.References(List.of(BLUE), OptionalDouble.of(0.5))))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("fixed by its export");
        }
        Files.writeString(dir.resolve("easel.json"), "{\"ip_adapter_scale\": 0.5}");
        assertThatThrownBy(() -> DiffusionModel.load(dir, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("ip_adapter_scale");
    }

    @Test
    void easelJsonSetsTheDefaultStrength(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY_IP_ADAPTER, 42);
        Files.writeString(dir.resolve("easel.json"), "{\"steps\": 4, \"ip_adapter_scale\": 0.6}");
        try (DiffusionModel model = DiffusionModel.load(dir, TestModels.runtime())) {
            assertThat(model.referenceSupport()).isEqualTo(new ReferenceSupport.IpAdapter(true, 0.6));
        }
    }

    @Test
    void aUnetWithTheAdapterButNoImageEncoderIsALoadError(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY_IP_ADAPTER, 42);
        Files.delete(dir.resolve("image_encoder/model.onnx"));
        assertThatThrownBy(() -> DiffusionModel.load(dir, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("image_encoder/model.onnx is missing");
    }

    private static float[] predict(DiffusionModel model, float guidance, ImagePrompt prompt) {
        Guidance cfg = new Guidance.ClassifierFree(guidance, false, GuidanceInterval.EVERY_STEP);
        ImageJob job = ImageJob.text("a red fox", 64, 64, 1, guidance, 1);
        StageTimings timings = new StageTimings();
        TextEmbeddings text = TextConditioning.encode(model, cfg.prompts(job), cfg.negatives(), timings)
                .embeddings();
        Latents sample = new Latents(4, 8, 8, new float[4 * 8 * 8]);
        UnetConditioning conditioning = new UnetConditioning(
                text, cfg, new InpaintConditioning.None(), References.embeds(model, prompt, timings));
        return model.unet.predict(new UnetStep(sample, 500f, conditioning, true), timings);
    }

    /**
     * The encoder run outside Easel on the CLIP input worked out by hand: a solid picture is one
     * value per channel, (v / 255 − mean) / std, whatever the resize and crop.
     */
    private static float[] encodeDirectly(Path dir, RgbImage solid) throws OrtException {
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        float[] pixels = new float[3 * 224 * 224];
        for (int c = 0; c < 3; c++) {
            float v = ((solid.rgb()[c] & 0xff) / 255f - mean[c]) / std[c];
            Arrays.fill(pixels, c * 224 * 224, (c + 1) * 224 * 224, v);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(
                        dir.resolve("image_encoder/model.onnx").toString());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, 3, 224, 224});
                OrtSession.Result result = session.run(Map.of("pixel_values", in))) {
            float[] out = new float[IpAdapterGraphs.DIM];
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(out);
            return out;
        }
    }

    /**
     * out_sample[b, c] = sample·0 + ipadapter_scale · image_embeds[b, 0, c] for the 4 channels;
     * without {@code scaled}, an export with its strength baked in taking [batch, dim] embeddings.
     */
    private static void recordingUnet(Path dir, boolean scaled) throws IOException {
        try (OnnxGraph g = new OnnxGraph("unet")) {
            String sample = g.input("sample", Type.FLOAT, "batch", 4L, "height", "width");
            g.input("timestep", Type.FLOAT, "batch");
            g.input("encoder_hidden_states", Type.FLOAT, "batch", "sequence", 768L);
            String embeds = scaled
                    ? g.input("image_embeds", Type.FLOAT, "batch", 1L, (long) IpAdapterGraphs.DIM)
                    : g.input("image_embeds", Type.FLOAT, "batch", (long) IpAdapterGraphs.DIM);
            String scale = scaled ? g.input("ipadapter_scale", Type.FLOAT, 1L) : g.scalar(1f);
            float[] pick = new float[IpAdapterGraphs.DIM * 4];
            for (int c = 0; c < 4; c++) {
                pick[c * 4 + c] = 1;
            }
            String flat = g.op("Reshape", embeds, g.ints(-1, IpAdapterGraphs.DIM));
            String four = g.op("Mul", g.op("MatMul", flat, g.init("pick", pick, IpAdapterGraphs.DIM, 4)), scale);
            String bias = g.op("Unsqueeze", four, g.ints(2, 3));
            g.identity(g.op("Add", g.op("Mul", sample, g.scalar(0f)), bias), "out_sample");
            g.output("out_sample", Type.FLOAT, "batch", 4L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }

    static RgbImage solid(int width, int height, int r, int g, int b) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
        }
        return new RgbImage(width, height, rgb);
    }

    private static double meanDifference(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / (double) a.length;
    }
}
