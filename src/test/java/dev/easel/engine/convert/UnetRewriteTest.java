package dev.easel.engine.convert;

import static dev.easel.engine.synth.OnnxGraph.attr;
import static dev.easel.engine.synth.OnnxGraph.attrInts;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.easel.engine.synth.OnnxGraph;
import dev.easel.engine.synth.OnnxGraph.Type;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UNet rewrites on a transformer-shaped graph: attention fused into MultiHeadAttention and
 * weight MatMuls quantized to int8 give ONNX Runtime the same outputs (within float rounding, and
 * within int8's error), and every other node stays.
 */
class UnetRewriteTest {
    private static final int C = 32;
    private static final int HEADS = 4;
    private static final int CONTEXT = 24;

    @TempDir
    Path dir;

    /** Self-attention then cross-attention, written out as the sd15 synthetic UNet writes them. */
    private Path attentionModel() throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        Path file = dir.resolve("attn.onnx");
        try (OnnxGraph g = new OnnxGraph("attn")) {
            String x = g.input("x", Type.FLOAT, "batch", "tokens", (long) C);
            String ctx = g.input("context", Type.FLOAT, "batch", "sequence", (long) CONTEXT);
            String h = attention(g, rng, x, x, C, "self");
            h = g.op("Add", h, x);
            String out = attention(g, rng, h, ctx, CONTEXT, "cross");
            g.identity(out, "y");
            g.output("y", Type.FLOAT, "batch", "tokens", (long) C);
            g.save(file);
        }
        return file;
    }

    private static String attention(OnnxGraph g, SplittableRandom rng, String x, String kv, int kvDim, String name) {
        int d = C / HEADS;
        String q = g.op("MatMul", x, g.random(name + "_q", rng, 0.2, C, C));
        String k = g.op("MatMul", kv, g.random(name + "_k", rng, 0.2, kvDim, C));
        String v = g.op("MatMul", kv, g.random(name + "_v", rng, 0.2, kvDim, C));
        q = g.op("Mul", q, g.scalar((float) (1 / Math.sqrt(d))));
        String qh = heads(g, q, d, 0, 2, 1, 3);
        String kh = heads(g, k, d, 0, 2, 3, 1);
        String vh = heads(g, v, d, 0, 2, 1, 3);
        String probs = g.op("Softmax", List.of(g.op("MatMul", qh, kh)), attr("axis", -1L));
        String merged = g.op("Transpose", List.of(g.op("MatMul", probs, vh)), attrInts("perm", 0, 2, 1, 3));
        String out = g.op("Reshape", merged, g.ints(0, 0, C));
        return g.op("MatMul", out, g.random(name + "_o", rng, 0.2, C, C));
    }

    private static String heads(OnnxGraph g, String x, int d, long... perm) {
        String split = g.op("Reshape", x, g.ints(0, 0, HEADS, d));
        return g.op("Transpose", List.of(split), attrInts("perm", perm));
    }

    @Test
    void fusedAttentionComputesTheSameAttention() throws Exception {
        Path source = attentionModel();
        Path fused = dir.resolve("fused").resolve("model.onnx");
        UnetRewrite.Summary summary = UnetRewrite.write(source, fused, true, false);
        assertThat(summary.attentionsFused()).isEqualTo(2);
        assertThat(summary.matMulsQuantized()).isZero();
        List<String> ops = ops(fused);
        assertThat(ops).filteredOn("MultiHeadAttention"::equals).hasSize(2);
        assertThat(ops).doesNotContain("Softmax", "Transpose", "Reshape");
        // Q, K, V and output projections stay.
        assertThat(ops).filteredOn("MatMul"::equals).hasSize(8);
        // The constants only the removed nodes read are gone too (ONNX Runtime warns of each left).
        ModelProto proto = ModelFiles.read(fused);
        java.util.Set<String> read = new java.util.HashSet<>();
        proto.getGraph().getNodeList().forEach(n -> read.addAll(n.getInputList()));
        assertThat(proto.getGraph().getInitializerList())
                .allSatisfy(t -> assertThat(read).contains(t.getName()));
        assertClose(run(fused), run(source), 1e-4);
    }

    @Test
    void int8QuantizesEveryWeightMatMulAndStaysClose() throws Exception {
        Path source = attentionModel();
        Path quantized = dir.resolve("int8").resolve("model.onnx");
        UnetRewrite.Summary summary = UnetRewrite.write(source, quantized, true, true);
        assertThat(summary.matMulsQuantized()).isEqualTo(8);
        assertThat(summary.floatBytesReplaced()).isEqualTo(4L * (6 * C * C + 2 * CONTEXT * C));
        assertThat(ops(quantized)).filteredOn("DynamicQuantizeMatMul"::equals).hasSize(8);
        assertThat(ops(quantized)).doesNotContain("MatMul");
        float[] exact = run(source);
        float[] approx = run(quantized);
        double err = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            err += (approx[i] - exact[i]) * (double) (approx[i] - exact[i]);
            norm += exact[i] * (double) exact[i];
        }
        assertThat(Math.sqrt(err / norm)).isLessThan(0.05).isGreaterThan(0);
    }

    @Test
    void aGraphWithoutThePatternIsLeftAsItIs() throws Exception {
        Path file = dir.resolve("plain.onnx");
        try (OnnxGraph g = new OnnxGraph("plain")) {
            String x = g.input("x", Type.FLOAT, "batch", 4L);
            g.identity(g.op("Softmax", List.of(x), attr("axis", -1L)), "y");
            g.output("y", Type.FLOAT, "batch", 4L);
            g.save(file);
        }
        Path out = dir.resolve("plain-out").resolve("model.onnx");
        assertThat(UnetRewrite.write(file, out, true, false).attentionsFused()).isZero();
        assertThat(ops(out)).containsExactly("Softmax", "Identity");
    }

    private static List<String> ops(Path model) throws Exception {
        ModelProto proto = ModelFiles.read(model);
        return proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }

    private static float[] run(Path model) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = OnnxGraph.gaussian(rng, 1, 2 * 10 * C);
        float[] ctx = OnnxGraph.gaussian(rng, 1, 2 * 6 * CONTEXT);
        try (OrtSession session = env.createSession(model.toString());
                OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, 10, C});
                OnnxTensor ct = OnnxTensor.createTensor(env, FloatBuffer.wrap(ctx), new long[] {2, 6, CONTEXT});
                OrtSession.Result result = session.run(Map.of("x", xt, "context", ct))) {
            OnnxTensor y = (OnnxTensor) result.get(0);
            float[] out = new float[(int) y.getInfo().getNumElements()];
            y.getFloatBuffer().get(out);
            return out;
        }
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance));
        }
    }
}
