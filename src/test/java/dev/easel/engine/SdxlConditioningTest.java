package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.synth.OnnxGraph;
import dev.easel.engine.synth.OnnxGraph.Type;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.engine.text.ClipTokenizer;
import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDXL UNet receives exactly the added conditioning: a recording UNet turns its inputs into
 * its output (per channel: time ids, the mean of the text context, the mean of
 * {@code text_embeds}), and the guided prediction is compared with values worked out by hand from
 * the text encoders run directly, outside Easel's code.
 */
class SdxlConditioningTest {
    private static final int HEIGHT = 64;
    private static final int WIDTH = 96;

    @Test
    void theUnetGetsTheSizeThePenultimateStatesAndThePooledEmbedding(@TempDir Path dir)
            throws IOException, OrtException {
        SyntheticModel.write(dir, SyntheticModel.Shape.SDXL_TINY, 42);
        recordingUnet(dir.resolve("unet"));
        try (DiffusionModel sdxl = DiffusionModel.load(dir, TestModels.runtime())) {
            float scale = 3f;
            Guidance guidance = new Guidance.ClassifierFree(scale, false, GuidanceInterval.EVERY_STEP);
            ImageJob job = ImageJob.text("a red fox", WIDTH, HEIGHT, 1, scale, 1);
            StageTimings timings = new StageTimings();
            TextEmbeddings text = TextConditioning.encode(sdxl, guidance.prompts(job), guidance.negatives(), timings)
                    .embeddings();
            Latents sample = new Latents(4, HEIGHT / 8, WIDTH / 8, new float[4 * (HEIGHT / 8) * (WIDTH / 8)]);
            UnetStep step = new UnetStep(
                    sample, 500f, new UnetConditioning(text, guidance, new InpaintConditioning.None()), true);
            float[] eps = sdxl.unet.predict(step, timings);

            Expected cond = expected(dir, "a red fox");
            int plane = (HEIGHT / 8) * (WIDTH / 8);
            // time_ids = [64, 96, 0, 0, 64, 96] for both passes, so guidance leaves them as they are.
            assertThat(eps[0]).isEqualTo(HEIGHT + 1000f * HEIGHT);
            assertThat(eps[plane]).isEqualTo(WIDTH + 1000f * WIDTH);
            // The empty negative prompt is zeros (force_zeros_for_empty_prompt): uncond + 3·(cond − 0).
            assertThat(eps[2 * plane]).isCloseTo(scale * cond.contextMean(), within(1e-4f));
            assertThat(eps[3 * plane]).isCloseTo(scale * cond.pooledMean(), within(1e-4f));
            assertThat(cond.pooledMean()).isNotZero();
        }
    }

    /** What the recording UNet must output for {@code prompt}, from the encoders run directly. */
    private record Expected(float contextMean, float pooledMean) {}

    private static Expected expected(Path dir, String prompt) throws IOException, OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] one =
                run(env, dir.resolve("text_encoder/model.onnx"), dir.resolve("tokenizer"), prompt, "hidden_states.11");
        float[] two = run(
                env, dir.resolve("text_encoder_2/model.onnx"), dir.resolve("tokenizer_2"), prompt, "hidden_states.31");
        float[] pooled =
                run(env, dir.resolve("text_encoder_2/model.onnx"), dir.resolve("tokenizer_2"), prompt, "text_embeds");
        double context = 0;
        for (float v : one) {
            context += v;
        }
        for (float v : two) {
            context += v;
        }
        double pooledSum = 0;
        for (float v : pooled) {
            pooledSum += v;
        }
        assertThat(one.length + two.length).isEqualTo(77 * 2048);
        return new Expected((float) (context / (one.length + two.length)), (float) (pooledSum / pooled.length));
    }

    private static float[] run(OrtEnvironment env, Path model, Path tokenizer, String prompt, String output)
            throws IOException, OrtException {
        int[] ids = ClipTokenizer.load(tokenizer).encode(prompt).ids();
        try (OrtSession session = env.createSession(model.toString());
                OnnxTensor input = OnnxTensor.createTensor(env, IntBuffer.wrap(ids), new long[] {1, ids.length});
                OrtSession.Result result = session.run(Map.of("input_ids", input), java.util.Set.of(output))) {
            OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
            float[] values = new float[(int) out.getInfo().getNumElements()];
            out.getFloatBuffer().get(values);
            return values;
        }
    }

    /**
     * out_sample[b, c] = sample·0 + (channel 0: time_ids[0] + 1000·time_ids[4]; 1: time_ids[1] +
     * 1000·time_ids[5]; 2: 1000·(time_ids[2] + time_ids[3]) + mean of encoder_hidden_states;
     * 3: mean of text_embeds).
     */
    static void recordingUnet(Path dir) throws IOException {
        try (OnnxGraph g = new OnnxGraph("unet")) {
            String sample = g.input("sample", Type.FLOAT, "batch", 4L, "height", "width");
            g.input("timestep", Type.FLOAT, "batch");
            String context = g.input("encoder_hidden_states", Type.FLOAT, "batch", "sequence", 2048L);
            String embeds = g.input("text_embeds", Type.FLOAT, "batch", 1280L);
            String ids = g.input("time_ids", Type.FLOAT, "batch", 6L);
            float[] pick = new float[6 * 4];
            pick[0 * 4 + 0] = 1;
            pick[4 * 4 + 0] = 1000;
            pick[1 * 4 + 1] = 1;
            pick[5 * 4 + 1] = 1000;
            pick[2 * 4 + 2] = 1000;
            pick[3 * 4 + 2] = 1000;
            String sizes = g.op("MatMul", ids, g.init("pick", pick, 6, 4));
            String contextMean = g.op(
                    "ReduceMean", List.of(context), OnnxGraph.attrInts("axes", 1, 2), OnnxGraph.attr("keepdims", 0L));
            String contextPart = g.op(
                    "MatMul",
                    g.op("Unsqueeze", contextMean, g.ints(1)),
                    g.init("to_channel_2", new float[] {0, 0, 1, 0}, 1, 4));
            String pooledMean =
                    g.op("ReduceMean", List.of(embeds), OnnxGraph.attrInts("axes", 1), OnnxGraph.attr("keepdims", 1L));
            String pooledPart = g.op("MatMul", pooledMean, g.init("to_channel_3", new float[] {0, 0, 0, 1}, 1, 4));
            String perChannel = g.op("Add", g.op("Add", sizes, contextPart), pooledPart);
            String bias = g.op("Unsqueeze", perChannel, g.ints(2, 3));
            g.identity(g.op("Add", g.op("Mul", sample, g.scalar(0f)), bias), "out_sample");
            g.output("out_sample", Type.FLOAT, "batch", 4L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }
}
