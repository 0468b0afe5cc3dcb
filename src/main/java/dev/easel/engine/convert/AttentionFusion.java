package dev.easel.engine.convert;

import static dev.easel.engine.convert.DataTypes.FLOAT;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fuses scaled dot-product attention written out in plain ops into ONNX Runtime's
 * {@code com.microsoft.MultiHeadAttention}, whose CPU kernel computes attention in tiles (flash
 * attention) instead of materialising the heads × S × S score matrix, the largest activation of a
 * Stable Diffusion UNet at 512×512 and above.
 *
 * <p>The pattern: Q, K and V of shape [B, S, C] each reshaped to [B, S, h, d] by a constant shape
 * and transposed to heads first (K to [B, h, d, S], or to [B, h, S, d] and then its last two axes
 * swapped); optionally Q (or K) multiplied by a scalar constant; {@code Softmax(Q·K)} on the last
 * axis; times V; transposed back and reshaped to [B, S, C]. Each intermediate must feed only the
 * next op. Exports that compute reshape shapes at run time are left as they are (nothing fused).
 * One use per instance.
 */
final class AttentionFusion {
    private static final String DOMAIN = "com.microsoft";

    private Map<String, NodeProto> producers;
    private Map<String, Integer> consumers;
    private Map<String, TensorProto> initializers;
    private int fused;

    int fused() {
        return fused;
    }

    ModelProto rewrite(ModelProto model) {
        GraphProto graph = model.getGraph();
        producers = new HashMap<>();
        consumers = new HashMap<>();
        initializers = new HashMap<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        for (NodeProto n : graph.getNodeList()) {
            n.getOutputList().forEach(o -> producers.put(o, n));
            n.getInputList().forEach(i -> consumers.merge(i, 1, Integer::sum));
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    // Names a subgraph reads from the outer scope are not counted: leave such models alone.
                    return model;
                }
            }
        }
        graph.getOutputList().forEach(o -> consumers.merge(o.getName(), 1, Integer::sum));

        Set<NodeProto> removed = new HashSet<>();
        Map<NodeProto, NodeProto> replacement = new HashMap<>();
        for (NodeProto softmax : graph.getNodeList()) {
            if (softmax.getOpType().equals("Softmax")) {
                match(softmax, graph).ifPresent(m -> {
                    if (m.nodes().stream().noneMatch(removed::contains)) {
                        removed.addAll(m.nodes());
                        replacement.put(m.last(), m.fusedNode());
                        fused++;
                    }
                });
            }
        }
        if (fused == 0) {
            return model;
        }
        GraphProto.Builder b = graph.toBuilder().clearNode();
        for (NodeProto n : graph.getNodeList()) {
            if (replacement.containsKey(n)) {
                b.addNode(replacement.get(n));
            } else if (!removed.contains(n)) {
                b.addNode(n);
            }
        }
        // Nodes come out in the original order with each fused node at its pattern's last position,
        // after every producer of Q, K and V: still topologically sorted.
        dropUnused(b);
        ModelProto.Builder out = model.toBuilder().setGraph(b);
        if (out.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(DOMAIN))) {
            out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(DOMAIN).setVersion(1));
        }
        return out.build();
    }

    /**
     * Drops the initializers only the removed nodes read (the patterns' scale constants and
     * shapes), which ONNX Runtime would otherwise warn about one by one at every load; one that
     * is also a graph input or output stays.
     */
    private static void dropUnused(GraphProto.Builder graph) {
        Set<String> used = new HashSet<>();
        graph.getNodeList().forEach(n -> used.addAll(n.getInputList()));
        graph.getInputList().forEach(i -> used.add(i.getName()));
        graph.getOutputList().forEach(o -> used.add(o.getName()));
        List<TensorProto> kept = graph.getInitializerList().stream()
                .filter(t -> used.contains(t.getName()))
                .toList();
        if (kept.size() != graph.getInitializerCount()) {
            graph.clearInitializer().addAllInitializer(kept);
        }
    }

    private record Match(List<NodeProto> nodes, NodeProto last, NodeProto fusedNode) {}

    private record Head(String input, int heads, int headDim, float scale, List<NodeProto> nodes) {}

    private Optional<Match> match(NodeProto softmax, GraphProto graph) {
        if (!lastAxis(softmax, 4)) {
            return Optional.empty();
        }
        NodeProto scores = single(softmax.getInput(0), "MatMul");
        if (scores == null) {
            return Optional.empty();
        }
        NodeProto context = onlyConsumer(softmax.getOutput(0), "MatMul", graph);
        if (context == null || !context.getInput(0).equals(softmax.getOutput(0))) {
            return Optional.empty();
        }
        Optional<Head> q = head(scores.getInput(0), false);
        Optional<Head> k = head(scores.getInput(1), true);
        Optional<Head> v = head(context.getInput(1), false);
        NodeProto back = onlyConsumer(context.getOutput(0), "Transpose", graph);
        if (q.isEmpty() || k.isEmpty() || v.isEmpty() || back == null || !perm(back, 0, 2, 1, 3)) {
            return Optional.empty();
        }
        NodeProto merge = onlyConsumer(back.getOutput(0), "Reshape", graph);
        int heads = q.get().heads();
        int headDim = q.get().headDim();
        if (merge == null
                || k.get().heads() != heads
                || v.get().heads() != heads
                || k.get().headDim() != headDim
                || v.get().headDim() != headDim
                || !mergesHeads(merge, heads * headDim)) {
            return Optional.empty();
        }
        List<NodeProto> nodes = new ArrayList<>(List.of(scores, softmax, context, back, merge));
        nodes.addAll(q.get().nodes());
        nodes.addAll(k.get().nodes());
        nodes.addAll(v.get().nodes());
        float scale = q.get().scale() * k.get().scale();
        NodeProto mha = NodeProto.newBuilder()
                .setName(merge.getName().isEmpty() ? "" : merge.getName() + "_mha")
                .setOpType("MultiHeadAttention")
                .setDomain(DOMAIN)
                .addInput(q.get().input())
                .addInput(k.get().input())
                .addInput(v.get().input())
                .addOutput(merge.getOutput(0))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("num_heads")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(heads))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("scale")
                        .setType(AttributeProto.AttributeType.FLOAT)
                        .setF(scale))
                .build();
        return Optional.of(new Match(nodes, merge, mha));
    }

    /**
     * Walks back from a head-split tensor to its [B, S, C] source: Transpose(0,2,1,3) — or for K
     * Transpose(0,2,3,1), or Transpose(0,2,1,3) then a swap of the last two axes — of a Reshape
     * to [0|B, 0|-1|S, h, d], with scalar Muls anywhere on the way folded into the scale.
     */
    private Optional<Head> head(String tensor, boolean key) {
        List<NodeProto> nodes = new ArrayList<>();
        float scale = 1f;
        String at = tensor;
        NodeProto n = producerUsedOnce(at);
        boolean swapped = false;
        while (n != null && n.getOpType().equals("Mul")) {
            Optional<Float> s = scalarFactor(n);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            scale *= s.get();
            nodes.add(n);
            at = otherInput(n);
            n = producerUsedOnce(at);
        }
        if (n == null || !n.getOpType().equals("Transpose")) {
            return Optional.empty();
        }
        if (key && perm(n, 0, 1, 3, 2)) {
            swapped = true;
            nodes.add(n);
            n = producerUsedOnce(n.getInput(0));
            if (n == null || !n.getOpType().equals("Transpose")) {
                return Optional.empty();
            }
        }
        boolean headsFirst = perm(n, 0, 2, 1, 3);
        boolean keyLayout = key && !swapped && perm(n, 0, 2, 3, 1);
        if (!(headsFirst && (!key || swapped)) && !keyLayout) {
            return Optional.empty();
        }
        nodes.add(n);
        NodeProto reshape = producerUsedOnce(n.getInput(0));
        while (reshape != null && reshape.getOpType().equals("Mul")) {
            Optional<Float> s = scalarFactor(reshape);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            scale *= s.get();
            nodes.add(reshape);
            reshape = producerUsedOnce(otherInput(reshape));
        }
        if (reshape == null || !reshape.getOpType().equals("Reshape")) {
            return Optional.empty();
        }
        long[] shape = int64s(reshape.getInput(1));
        if (shape == null || shape.length != 4 || shape[2] <= 0 || shape[3] <= 0) {
            return Optional.empty();
        }
        nodes.add(reshape);
        String source = reshape.getInput(0);
        // A Mul on the [B, S, C] source itself folds in too.
        NodeProto before = producerUsedOnce(source);
        while (before != null
                && before.getOpType().equals("Mul")
                && scalarFactor(before).isPresent()) {
            scale *= scalarFactor(before).get();
            nodes.add(before);
            source = otherInput(before);
            before = producerUsedOnce(source);
        }
        return Optional.of(new Head(source, (int) shape[2], (int) shape[3], scale, nodes));
    }

    private boolean mergesHeads(NodeProto reshape, int channels) {
        long[] shape = int64s(reshape.getInput(1));
        return shape != null && shape.length == 3 && (shape[2] == channels);
    }

    private static boolean lastAxis(NodeProto softmax, int rank) {
        long axis = -1;
        for (AttributeProto a : softmax.getAttributeList()) {
            if (a.getName().equals("axis")) {
                axis = a.getI();
            }
        }
        return axis == -1 || axis == rank - 1;
    }

    private static boolean perm(NodeProto transpose, long... expected) {
        for (AttributeProto a : transpose.getAttributeList()) {
            if (a.getName().equals("perm")) {
                return a.getIntsList().equals(Arrays.stream(expected).boxed().toList());
            }
        }
        return false;
    }

    /** The factor of a Mul by a float scalar constant, or empty. */
    private Optional<Float> scalarFactor(NodeProto mul) {
        for (String input : mul.getInputList()) {
            TensorProto t = constant(input);
            if (t != null && t.getDataType() == FLOAT && elementCount(t) == 1) {
                Optional<Float> v = floatValue(t);
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        return Optional.empty();
    }

    private String otherInput(NodeProto mul) {
        String a = mul.getInput(0);
        String b = mul.getInput(1);
        return scalarTensor(a) ? b : a;
    }

    private boolean scalarTensor(String name) {
        TensorProto t = initializers.get(name);
        if (t != null) {
            return elementCount(t) == 1;
        }
        return producers.get(name) instanceof NodeProto c && c.getOpType().equals("Constant");
    }

    private static long elementCount(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    private static Optional<Float> floatValue(TensorProto t) {
        if (t.getFloatDataCount() == 1) {
            return Optional.of(t.getFloatData(0));
        }
        if (t.hasRawData() && t.getRawData().size() == 4) {
            return Optional.of(t.getRawData()
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getFloat());
        }
        return Optional.empty();
    }

    /** The tensor behind {@code name} when it is an initializer or a Constant node's value, else null. */
    private TensorProto constant(String name) {
        TensorProto t = initializers.get(name);
        if (t == null
                && producers.get(name) instanceof NodeProto c
                && c.getOpType().equals("Constant")) {
            t = c.getAttributeList().stream()
                    .filter(a -> a.getName().equals("value"))
                    .map(AttributeProto::getT)
                    .findFirst()
                    .orElse(null);
        }
        return t;
    }

    /** An int64 constant's values (initializer or Constant node), or null. */
    private long[] int64s(String name) {
        TensorProto t = constant(name);
        if (t == null || t.getDataType() != TensorProto.DataType.INT64_VALUE || SourceData.isExternal(t)) {
            return null;
        }
        if (t.getInt64DataCount() > 0) {
            return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[raw.remaining() / 8];
        raw.asLongBuffer().get(out);
        return out;
    }

    /** The producer of {@code name} when that output feeds nothing else, else null. */
    private NodeProto producerUsedOnce(String name) {
        NodeProto p = producers.get(name);
        return p != null && consumers.getOrDefault(name, 0) == 1 && p.getOutputCount() == 1 ? p : null;
    }

    private NodeProto single(String name, String op) {
        NodeProto p = producerUsedOnce(name);
        return p != null && p.getOpType().equals(op) ? p : null;
    }

    private NodeProto onlyConsumer(String name, String op, GraphProto graph) {
        if (consumers.getOrDefault(name, 0) != 1) {
            return null;
        }
        for (NodeProto n : graph.getNodeList()) {
            if (n.getInputList().contains(name)) {
                return n.getOpType().equals(op) ? n : null;
            }
        }
        return null;
    }
}
