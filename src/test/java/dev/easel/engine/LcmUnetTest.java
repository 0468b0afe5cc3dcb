package dev.easel.engine;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.synth.OnnxGraph;
import dev.easel.engine.synth.OnnxGraph.Type;
import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An LCM UNet with {@code timestep_cond} gets the guidance scale embedded, in one conditional pass. */
class LcmUnetTest {

    @Test
    void guidanceIsEmbeddedNotBatched(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY, 42);
        lcmUnet(dir.resolve("unet"));
        try (DiffusionModel lcm = DiffusionModel.load(dir, TestModels.runtime())) {
            GeneratedImage low = generate(lcm, 1.0);
            GeneratedImage high = generate(lcm, 8.0);
            assertThat(high.cacheUse().promptsNeeded()).isEqualTo(1);
            assertThat(high.image().rgb()).isNotEqualTo(low.image().rgb());
            assertThat(generate(lcm, 8.0).image().rgb()).isEqualTo(high.image().rgb());
        }
    }

    private static GeneratedImage generate(DiffusionModel model, double guidance) {
        ImageJob job = ImageJob.text("a cat", 64, 64, 4, guidance, 2).withScheduler(SchedulerKind.LCM);
        return model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
    }

    /** optimum-style: an int64 scalar timestep, and timestep_cond [batch, 256] mixed into the output. */
    static void lcmUnet(Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(5);
        try (OnnxGraph g = new OnnxGraph("unet")) {
            String sample = g.input("sample", Type.FLOAT, "batch", 4L, "height", "width");
            String timestep = g.input("timestep", Type.INT64);
            String context = g.input("encoder_hidden_states", Type.FLOAT, "batch", "sequence", 768L);
            String condition = g.input("timestep_cond", Type.FLOAT, "batch", 256L);
            String pooled = g.op("ReduceMean", List.of(context), attrInts("axes", 1), attr("keepdims", 0L));
            String text = g.op("MatMul", pooled, g.random("text_proj", rng, 0.05, 768, 4));
            String scale = g.op("MatMul", condition, g.random("cond_proj", rng, 0.05, 256, 4));
            String bias = g.op("Unsqueeze", g.op("Add", text, scale), g.ints(2, 3));
            String t = g.op("Div", g.op("Cast", List.of(timestep), attr("to", 1L)), g.scalar(1000f));
            g.identity(g.op("Tanh", g.op("Add", g.op("Mul", sample, t), bias)), "out_sample");
            g.output("out_sample", Type.FLOAT, "batch", 4L, "height", "width");
            g.save(dir.resolve("model.onnx"));
        }
    }
}
