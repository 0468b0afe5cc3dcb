package dev.easel.engine.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small test models written with the ONNX protos directly. {@link #chain} builds the same graph
 * in float16 or float32; its weights are exact halves, so the upcast float16 model and the
 * float32 one compute bit-identical results.
 */
final class TestModels {
    static final int FLOAT = 1;
    static final int FLOAT16 = 10;
    static final long[] INPUT_SHAPE = {1, 4, 8, 8};
    static final long[] OUTPUT_SHAPE = {1, 8, 8, 8};
    /** Float16 tensors in {@link #chain}: w, b, m, the Constant, two ConstantOfShape values, two If branches. */
    static final int CHAIN_HALF_TENSORS = 8;

    private TestModels() {}

    /**
     * x[1,4,8,8] → Conv(w: raw, b: raw) → Add Constant → Mul m (int32_data halves) → Cast to float
     * and back → Add ConstantOfShape(0.25) → Add EyeLike(dtype) → Mul If(true: 2, false: 3) → y.
     */
    static ModelProto chain(int elem) {
        SplittableRandom rng = new SplittableRandom(7);
        GraphProto.Builder g = GraphProto.newBuilder().setName("chain");
        g.addInput(valueInfo("x", elem, INPUT_SHAPE));
        g.addInitializer(tensor("w", elem, halves(rng, 8 * 4 * 3 * 3), false, 8, 4, 3, 3));
        g.addInitializer(tensor("b", elem, halves(rng, 8), false, 8));
        g.addInitializer(tensor("m", elem, halves(rng, 512), true, OUTPUT_SHAPE));
        g.addInitializer(int64("shape", OUTPUT_SHAPE));
        g.addInitializer(int64("square", 8, 8));
        g.addInitializer(
                TensorProto.newBuilder().setName("cond").setDataType(9).setRawData(ByteString.copyFrom(new byte[] {1
                })));
        g.addNode(node("Conv", List.of("x", "w", "b"), "c", ints("pads", 1, 1, 1, 1)));
        g.addValueInfo(valueInfo("c", elem, OUTPUT_SHAPE));
        g.addNode(node(
                "Constant", List.of(), "k", tensorAttr("value", tensor("k", elem, halves(rng, 8), false, 8, 1, 1))));
        g.addNode(node("Add", List.of("c", "k"), "a"));
        g.addNode(node("Mul", List.of("a", "m"), "p"));
        g.addNode(node("Cast", List.of("p"), "q", intAttr("to", FLOAT)));
        g.addNode(node("Cast", List.of("q"), "r", intAttr("to", elem)));
        g.addNode(node(
                "ConstantOfShape",
                List.of("shape"),
                "quarter",
                tensorAttr("value", tensor("v", elem, new float[] {0.25f}, false, 1))));
        g.addNode(node("Add", List.of("r", "quarter"), "s"));
        g.addNode(node(
                "ConstantOfShape",
                List.of("square"),
                "zeros",
                tensorAttr("value", tensor("z", elem, new float[] {0f}, false, 1))));
        g.addNode(node("EyeLike", List.of("zeros"), "eye", intAttr("dtype", elem)));
        g.addNode(node("Add", List.of("s", "eye"), "t"));
        g.addNode(node(
                "If",
                List.of("cond"),
                "factor",
                graphAttr("then_branch", constantGraph("then", elem, 2f)),
                graphAttr("else_branch", constantGraph("else", elem, 3f))));
        g.addNode(node("Mul", List.of("t", "factor"), "y"));
        g.addOutput(valueInfo("y", elem, OUTPUT_SHAPE));
        return model(g);
    }

    /** A float32 graph whose only float16 is a Cast's target (round trip through half). */
    static ModelProto castOnly() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("cast");
        g.addInput(valueInfo("x", FLOAT, 2));
        g.addNode(node("Cast", List.of("x"), "h", intAttr("to", FLOAT16)));
        g.addNode(node("Cast", List.of("h"), "y", intAttr("to", FLOAT)));
        g.addOutput(valueInfo("y", FLOAT, 2));
        return model(g);
    }

    static ModelProto model(GraphProto.Builder graph) {
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("easel-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addMetadataProps(
                        StringStringEntryProto.newBuilder().setKey("origin").setValue("test"))
                .setGraph(graph)
                .build();
    }

    static Path save(ModelProto model, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }

    /** Moves every raw_data initializer of the main graph into {@code dataName} beside the model. */
    static Path saveExternal(ModelProto model, Path file, String dataName) throws IOException {
        GraphProto.Builder g = model.getGraph().toBuilder();
        long offset = 0;
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream data = Files.newOutputStream(file.resolveSibling(dataName))) {
            for (int i = 0; i < g.getInitializerCount(); i++) {
                TensorProto t = g.getInitializer(i);
                if (!t.hasRawData()) {
                    continue;
                }
                t.getRawData().writeTo(data);
                g.setInitializer(
                        i,
                        t.toBuilder()
                                .clearRawData()
                                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                                .addExternalData(entry("location", dataName))
                                .addExternalData(entry("offset", Long.toString(offset)))
                                .addExternalData(entry(
                                        "length", Long.toString(t.getRawData().size()))));
                offset += t.getRawData().size();
            }
        }
        return save(model.toBuilder().setGraph(g).build(), file);
    }

    /** Values exactly representable in float16, so float16 and float32 graphs hold the same weights. */
    static float[] halves(SplittableRandom rng, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = Float.float16ToFloat(Float.floatToFloat16((float) (rng.nextDouble() * 2 - 1)));
        }
        return values;
    }

    /** A float16 tensor is stored as raw little-endian halves, or as int32_data holding the bits. */
    static TensorProto tensor(String name, int elem, float[] values, boolean int32Form, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(elem);
        for (long d : dims) {
            t.addDims(d);
        }
        if (elem == FLOAT16 && int32Form) {
            for (float v : values) {
                t.addInt32Data(Float.floatToFloat16(v) & 0xFFFF);
            }
            return t.build();
        }
        ByteBuffer raw =
                ByteBuffer.allocate(values.length * (elem == FLOAT16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (elem == FLOAT16) {
                raw.putShort(Float.floatToFloat16(v));
            } else {
                raw.putFloat(v);
            }
        }
        return t.setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static TensorProto int64(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(7)
                .addDims(values.length)
                .setRawData(ByteString.copyFrom(raw.array()))
                .build();
    }

    private static GraphProto constantGraph(String name, int elem, float value) {
        return GraphProto.newBuilder()
                .setName(name)
                .addNode(node(
                        "Constant",
                        List.of(),
                        name + "_out",
                        tensorAttr("value", tensor(name + "_v", elem, new float[] {value}, false))))
                .addOutput(valueInfo(name + "_out", elem))
                .build();
    }

    static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName("n_" + output)
                .addAllInput(inputs)
                .addOutput(output)
                .addAllAttribute(List.of(attributes))
                .build();
    }

    static ValueInfoProto valueInfo(String name, int elem, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(
                                TypeProto.Tensor.newBuilder().setElemType(elem).setShape(shape)))
                .build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto tensorAttr(String name, TensorProto t) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.TENSOR)
                .setT(t)
                .build();
    }

    private static AttributeProto graphAttr(String name, GraphProto g) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.GRAPH)
                .setG(g)
                .build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
