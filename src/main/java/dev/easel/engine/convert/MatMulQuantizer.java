package dev.easel.engine.convert;

import static dev.easel.engine.convert.DataTypes.FLOAT;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float32 model's MatMul nodes whose second input is a constant 2-D weight into ONNX
 * Runtime's {@code com.microsoft.DynamicQuantizeMatMul}: the weight stored as int8, quantized
 * symmetrically per output column (zero point 0, scale = the column's largest magnitude / 127),
 * the activations quantized to uint8 by the kernel at run time. This is dynamic quantization as
 * ONNX Runtime's own tooling does it, applied in Java at load. Convolutions and activation ×
 * activation products (attention scores) stay float32. One use per instance.
 */
final class MatMulQuantizer {
    /** Weights smaller than this many elements stay float32: the kernel's quantization overhead would dominate. */
    static final long MIN_ELEMENTS = 256;

    static final String DOMAIN = "com.microsoft";

    private int quantized;
    private long floatBytesReplaced;

    /** MatMul nodes rewritten so far. */
    int quantized() {
        return quantized;
    }

    /** Bytes of float32 weights the rewrite replaced by int8. */
    long floatBytesReplaced() {
        return floatBytesReplaced;
    }

    /**
     * The rewritten model: new int8 weights and float scales are embedded (raw data), unused
     * float weights removed; every other tensor keeps pointing at the source's data, for the
     * writer to place.
     */
    ModelProto rewrite(ModelProto model, TensorBytes bytes) throws IOException {
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        Map<String, Integer> uses = new HashMap<>();
        countUses(graph, uses);

        GraphProto.Builder b = graph.toBuilder().clearNode();
        Set<String> replaced = new HashSet<>();
        Map<String, TensorProto> added = new LinkedHashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            TensorProto weight = node.getInputCount() == 2 ? initializers.get(node.getInput(1)) : null;
            if (!isPlainMatMul(node) || !quantizable(weight)) {
                b.addNode(node);
                continue;
            }
            String name = weight.getName();
            if (!added.containsKey(name + "_quantized")) {
                Quantized q = quantize(weight, bytes);
                added.put(name + "_quantized", q.weights());
                added.put(name + "_scale", q.scales());
                added.put(name + "_zero_point", q.zeroPoints());
                floatBytesReplaced += weight.getDimsList().stream().reduce(4L, Math::multiplyExact);
            }
            replaced.add(name);
            b.addNode(NodeProto.newBuilder()
                    .setName(node.getName().isEmpty() ? "" : node.getName() + "_int8")
                    .setOpType("DynamicQuantizeMatMul")
                    .setDomain(DOMAIN)
                    .addInput(node.getInput(0))
                    .addInput(name + "_quantized")
                    .addInput(name + "_scale")
                    .addInput(name + "_zero_point")
                    .addOutput(node.getOutput(0))
                    .build());
            quantized++;
            uses.merge(name, -1, Integer::sum);
        }
        b.clearInitializer();
        for (TensorProto t : graph.getInitializerList()) {
            // A weight another node (or a graph output) still reads stays as it was.
            if (!replaced.contains(t.getName()) || uses.getOrDefault(t.getName(), 0) > 0) {
                b.addInitializer(t);
            }
        }
        added.values().forEach(b::addInitializer);
        ModelProto.Builder out = model.toBuilder().setGraph(b);
        if (quantized > 0
                && out.getOpsetImportList().stream()
                        .noneMatch(o -> o.getDomain().equals(DOMAIN))) {
            out.addOpsetImport(OperatorSetIdProto.newBuilder()
                    .setDomain(DOMAIN)
                    .setVersion(1)
                    .build());
        }
        return out.build();
    }

    private static boolean isPlainMatMul(NodeProto node) {
        return node.getOpType().equals("MatMul")
                && (node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"))
                && node.getOutputCount() == 1;
    }

    private static boolean quantizable(TensorProto weight) throws InvalidModelException {
        return weight != null
                && weight.getDataType() == FLOAT
                && weight.getDimsCount() == 2
                && TensorBytes.streamable(weight)
                && DataTypes.elementCount(weight) >= MIN_ELEMENTS;
    }

    /** Every name each node reads, subgraphs included, and every graph output. */
    private static void countUses(GraphProto graph, Map<String, Integer> uses) {
        for (NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                uses.merge(input, 1, Integer::sum);
            }
            for (var attribute : node.getAttributeList()) {
                if (attribute.hasG()) {
                    countUses(attribute.getG(), uses);
                }
                attribute.getGraphsList().forEach(g -> countUses(g, uses));
            }
        }
        graph.getOutputList().forEach(o -> uses.merge(o.getName(), 1, Integer::sum));
    }

    private record Quantized(TensorProto weights, TensorProto scales, TensorProto zeroPoints) {}

    /** Symmetric per-column int8: q = round(w / s), s = max |w[·, n]| / 127 (1 for an all-zero column). */
    static Quantized quantize(TensorProto weight, TensorBytes bytes) throws IOException {
        int rows = Math.toIntExact(weight.getDims(0));
        int cols = Math.toIntExact(weight.getDims(1));
        float[] w = floats(weight, bytes, Math.multiplyExact(rows, cols));
        float[] scale = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                scale[c] = Math.max(scale[c], Math.abs(w[r * cols + c]));
            }
        }
        for (int c = 0; c < cols; c++) {
            scale[c] = scale[c] > 0 && Float.isFinite(scale[c]) ? scale[c] / 127f : 1f;
        }
        byte[] q = new byte[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                q[r * cols + c] = (byte) Math.clamp(Math.round(w[r * cols + c] / scale[c]), -127, 127);
            }
        }
        ByteBuffer scaleBytes = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        scaleBytes.asFloatBuffer().put(scale);
        String name = weight.getName();
        return new Quantized(
                tensor(name + "_quantized", TensorProto.DataType.INT8_VALUE, q, rows, cols),
                tensor(name + "_scale", FLOAT, scaleBytes.array(), cols),
                tensor(name + "_zero_point", TensorProto.DataType.INT8_VALUE, new byte[cols], cols));
    }

    private static float[] floats(TensorProto weight, TensorBytes bytes, int count) throws IOException {
        float[] out = new float[count];
        int[] at = {0};
        bytes.stream(weight, chunk -> {
            var view = chunk.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            int n = view.remaining();
            view.get(out, at[0], n);
            at[0] += n;
            chunk.position(chunk.position() + n * 4);
        });
        if (at[0] != count) {
            throw new InvalidModelException("weight '" + weight.getName() + "' holds " + at[0] + " values, its dims "
                    + weight.getDimsList() + " need " + count);
        }
        return out;
    }

    private static TensorProto tensor(String name, int type, byte[] raw, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        return t.setRawData(UnsafeByteOperations.unsafeWrap(raw)).build();
    }
}
