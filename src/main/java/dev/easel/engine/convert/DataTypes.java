package dev.easel.engine.convert;

import ai.onnx.proto.OnnxMl.TensorProto;

/** TensorProto.DataType codes used by the conversion. */
final class DataTypes {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;

    private DataTypes() {}

    /** Element count from the dims; an empty dims list is a scalar (one element). */
    static long elementCount(TensorProto t) throws InvalidModelException {
        long count = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw new InvalidModelException("tensor '" + t.getName() + "' has a negative dimension " + d);
            }
            count = Math.multiplyExact(count, d);
        }
        return count;
    }
}
