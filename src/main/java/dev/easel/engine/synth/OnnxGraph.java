package dev.easel.engine.synth;

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
import dev.easel.engine.sd.BoxMuller;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small builder for ONNX graphs (IR 8, opset 17, which every ONNX Runtime from 1.14 on loads).
 *
 * <p>Initializers over {@link #EXTERNAL_THRESHOLD_BYTES} go to an external data file beside the
 * model when one is configured, streamed as they are added, so models past protobuf's 2 GB limit
 * (the sd15-shaped UNet) never sit in memory whole. Not thread-safe; close it to flush the data.
 */
public final class OnnxGraph implements AutoCloseable {
    static final int OPSET = 17;
    static final long IR_VERSION = 8;
    static final int EXTERNAL_THRESHOLD_BYTES = 1024;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final String externalName;
    private final OutputStream external;
    private long externalOffset;
    private int counter;

    /** A graph whose initializers are all embedded in the model file. */
    public OnnxGraph(String name) {
        graph.setName(name);
        this.externalName = "";
        this.external = OutputStream.nullOutputStream();
    }

    /** A graph whose large initializers stream into {@code dataFile} (referenced by file name). */
    public OnnxGraph(String name, Path dataFile) throws IOException {
        graph.setName(name);
        this.externalName = dataFile.getFileName().toString();
        this.external = new BufferedOutputStream(Files.newOutputStream(dataFile), 1 << 20);
    }

    /** Element types used here, with their TensorProto codes. */
    public enum Type {
        FLOAT(1),
        INT32(6),
        BOOL(9),
        INT64(7),
        FLOAT16(10);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    /** Declares a graph input; a dimension is either a Long (fixed) or a String (symbolic). */
    public String input(String name, Type type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
        return name;
    }

    public void output(String name, Type type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** A float initializer; large ones go to the external data file when there is one. */
    public String init(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return addTensor(name, Type.FLOAT, bytes.array(), dims);
    }

    public String initInt64(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return addTensor(name, Type.INT64, bytes.array(), dims);
    }

    /** A 1-D int64 constant, the usual shape/axes argument. */
    public String ints(long... values) {
        return initInt64(fresh("c"), values, values.length);
    }

    /** A float scalar constant (rank 0), broadcast by the elementwise ops. */
    public String scalar(float value) {
        return init(fresh("s"), new float[] {value});
    }

    /** Seeded Gaussian weights N(0, std²), for the random-weight models. */
    public String random(String name, SplittableRandom rng, double std, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        return init(name, gaussian(rng, std, Math.toIntExact(count)), dims);
    }

    /** {@code count} seeded samples of N(0, std²). */
    public static float[] gaussian(SplittableRandom rng, double std, int count) {
        float[] values = new float[count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (BoxMuller.cosineOnly(rng) * std);
        }
        return values;
    }

    /** Adds a node with one output and returns that output's name. */
    public String op(String opType, List<String> inputs, AttributeProto... attributes) {
        String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        node(opType, inputs, List.of(out), attributes);
        return out;
    }

    public String op(String opType, String... inputs) {
        return op(opType, List.of(inputs));
    }

    /** Adds a node with named outputs. */
    public void node(String opType, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(opType)
                .setName(fresh("n_" + opType))
                .addAllInput(inputs)
                .addAllOutput(outputs);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
    }

    /** Renames a value by an Identity node, e.g. to give an output its wire name. */
    public void identity(String from, String to) {
        node("Identity", List.of(from), List.of(to));
    }

    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    public static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value))
                .build();
    }

    public static AttributeProto attrInts(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** A fresh value name with the given prefix. */
    public String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    /** Writes {@code model.onnx}; call {@link #close()} afterwards (or use try-with-resources). */
    public void save(Path modelFile) throws IOException {
        external.flush();
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("easel-synth")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
        Files.createDirectories(modelFile.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(modelFile))) {
            model.writeTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        external.close();
    }

    private String addTensor(String name, Type type, byte[] raw, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.code);
        for (long d : dims) {
            t.addDims(d);
        }
        if (!externalName.isEmpty() && raw.length > EXTERNAL_THRESHOLD_BYTES) {
            try {
                external.write(raw);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            t.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", externalName))
                    .addExternalData(entry("offset", Long.toString(externalOffset)))
                    .addExternalData(entry("length", Long.toString(raw.length)));
            externalOffset += raw.length;
        } else {
            t.setRawData(ByteString.copyFrom(raw));
        }
        graph.addInitializer(t);
        return name;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static ValueInfoProto valueInfo(String name, Type type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            switch (d) {
                case Long n ->
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n));
                case Integer n ->
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n));
                case String s ->
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
                default -> throw new IllegalArgumentException("dimension must be a number or a name: " + d);
            }
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder()
                .setElemType(type.code)
                .setShape(shape)
                .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }
}
