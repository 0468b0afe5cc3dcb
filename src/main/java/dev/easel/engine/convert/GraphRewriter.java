package dev.easel.engine.convert;

import static dev.easel.engine.convert.DataTypes.FLOAT;
import static dev.easel.engine.convert.DataTypes.FLOAT16;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.util.Set;

/**
 * Rewrites every float16 type reference in a model to float32: value types (graph inputs,
 * outputs, value_info, TYPE_PROTO attributes), Cast targets, dtype-style attributes, and, through
 * a {@link TensorMapper}, tensors. Walks subgraphs (If/Loop/Scan bodies) and local functions.
 *
 * <p>The same walk serves detection: with a mapper that returns its argument, {@link #changes()}
 * counts what a conversion would change, so "uses float16" and "upcast changes something" cannot
 * disagree. Training info is left as it is: inference never reads it. One use per instance.
 */
final class GraphRewriter {
    /** Attributes that name an element type on any op (RandomNormal, EyeLike, DequantizeLinear...). */
    private static final Set<String> TYPE_ATTRIBUTES = Set.of("dtype", "output_dtype");

    /** Decides what becomes of each tensor; it must return a float16 tensor retyped to float32. */
    interface TensorMapper {
        /**
         * @param initializer true for graph initializers (which may go to external data), false
         *     for tensors inside attributes and sparse tensors (which must stay embedded)
         */
        TensorProto map(TensorProto tensor, boolean initializer) throws IOException;
    }

    private final TensorMapper mapper;
    private int halfTensors;
    private int retyped;

    GraphRewriter(TensorMapper mapper) {
        this.mapper = mapper;
    }

    /** Float16 tensors seen so far (each passed to the mapper). */
    int halfTensors() {
        return halfTensors;
    }

    /** Everything a conversion changes: float16 tensors plus retyped values and attributes. */
    int changes() {
        return halfTensors + retyped;
    }

    ModelProto model(ModelProto model) throws IOException {
        ModelProto.Builder b = model.toBuilder().setGraph(graph(model.getGraph()));
        for (int i = 0; i < b.getFunctionsCount(); i++) {
            b.setFunctions(i, function(b.getFunctions(i)));
        }
        return b.build();
    }

    GraphProto graph(GraphProto graph) throws IOException {
        GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getInitializerCount(); i++) {
            b.setInitializer(i, tensor(b.getInitializer(i), true));
        }
        for (int i = 0; i < b.getSparseInitializerCount(); i++) {
            b.setSparseInitializer(i, sparse(b.getSparseInitializer(i)));
        }
        for (int i = 0; i < b.getInputCount(); i++) {
            b.setInput(i, valueInfo(b.getInput(i)));
        }
        for (int i = 0; i < b.getOutputCount(); i++) {
            b.setOutput(i, valueInfo(b.getOutput(i)));
        }
        for (int i = 0; i < b.getValueInfoCount(); i++) {
            b.setValueInfo(i, valueInfo(b.getValueInfo(i)));
        }
        for (int i = 0; i < b.getNodeCount(); i++) {
            b.setNode(i, node(b.getNode(i)));
        }
        return b.build();
    }

    private FunctionProto function(FunctionProto function) throws IOException {
        FunctionProto.Builder b = function.toBuilder();
        for (int i = 0; i < b.getNodeCount(); i++) {
            b.setNode(i, node(b.getNode(i)));
        }
        for (int i = 0; i < b.getValueInfoCount(); i++) {
            b.setValueInfo(i, valueInfo(b.getValueInfo(i)));
        }
        for (int i = 0; i < b.getAttributeProtoCount(); i++) {
            b.setAttributeProto(i, attribute(b.getAttributeProto(i), false));
        }
        return b.build();
    }

    private NodeProto node(NodeProto node) throws IOException {
        boolean cast = node.getOpType().equals("Cast")
                && (node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"));
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getAttributeCount(); i++) {
            b.setAttribute(i, attribute(b.getAttribute(i), cast));
        }
        return b.build();
    }

    private AttributeProto attribute(AttributeProto a, boolean onCast) throws IOException {
        AttributeProto.Builder b = a.toBuilder();
        switch (a.getType()) {
            case INT -> {
                boolean namesType = onCast ? a.getName().equals("to") : TYPE_ATTRIBUTES.contains(a.getName());
                if (namesType && a.getI() == FLOAT16) {
                    b.setI(FLOAT);
                    retyped++;
                }
            }
            case TENSOR -> b.setT(tensor(a.getT(), false));
            case TENSORS -> {
                for (int i = 0; i < b.getTensorsCount(); i++) {
                    b.setTensors(i, tensor(b.getTensors(i), false));
                }
            }
            case SPARSE_TENSOR -> b.setSparseTensor(sparse(a.getSparseTensor()));
            case SPARSE_TENSORS -> {
                for (int i = 0; i < b.getSparseTensorsCount(); i++) {
                    b.setSparseTensors(i, sparse(b.getSparseTensors(i)));
                }
            }
            case GRAPH -> b.setG(graph(a.getG()));
            case GRAPHS -> {
                for (int i = 0; i < b.getGraphsCount(); i++) {
                    b.setGraphs(i, graph(b.getGraphs(i)));
                }
            }
            case TYPE_PROTO -> b.setTp(type(a.getTp()));
            case TYPE_PROTOS -> {
                for (int i = 0; i < b.getTypeProtosCount(); i++) {
                    b.setTypeProtos(i, type(b.getTypeProtos(i)));
                }
            }
            default -> {
                return a;
            }
        }
        return b.build();
    }

    private TensorProto tensor(TensorProto t, boolean initializer) throws IOException {
        if (t.getDataType() == FLOAT16) {
            halfTensors++;
        }
        return mapper.map(t, initializer);
    }

    private SparseTensorProto sparse(SparseTensorProto s) throws IOException {
        SparseTensorProto.Builder b = s.toBuilder();
        if (s.hasValues()) {
            b.setValues(tensor(s.getValues(), false));
        }
        if (s.hasIndices()) {
            b.setIndices(tensor(s.getIndices(), false));
        }
        return b.build();
    }

    private ValueInfoProto valueInfo(ValueInfoProto v) {
        return v.hasType() ? v.toBuilder().setType(type(v.getType())).build() : v;
    }

    private TypeProto type(TypeProto t) {
        TypeProto.Builder b = t.toBuilder();
        switch (t.getValueCase()) {
            case TENSOR_TYPE -> {
                if (!isHalf(t.getTensorType().getElemType())) {
                    return t;
                }
                b.getTensorTypeBuilder().setElemType(FLOAT);
            }
            case SPARSE_TENSOR_TYPE -> {
                if (!isHalf(t.getSparseTensorType().getElemType())) {
                    return t;
                }
                b.getSparseTensorTypeBuilder().setElemType(FLOAT);
            }
            case SEQUENCE_TYPE -> {
                if (t.getSequenceType().hasElemType()) {
                    b.getSequenceTypeBuilder()
                            .setElemType(type(t.getSequenceType().getElemType()));
                }
            }
            case OPTIONAL_TYPE -> {
                if (t.getOptionalType().hasElemType()) {
                    b.getOptionalTypeBuilder()
                            .setElemType(type(t.getOptionalType().getElemType()));
                }
            }
            case MAP_TYPE -> {
                if (t.getMapType().hasValueType()) {
                    b.getMapTypeBuilder().setValueType(type(t.getMapType().getValueType()));
                }
            }
            default -> {
                return t;
            }
        }
        return b.build();
    }

    /** Counts a float16 element type, which the caller then rewrites. */
    private boolean isHalf(int elemType) {
        if (elemType != FLOAT16) {
            return false;
        }
        retyped++;
        return true;
    }
}
