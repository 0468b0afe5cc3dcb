package dev.easel.engine.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Reads ONNX model files without copying their weights onto the heap. */
final class ModelFiles {
    /** Subgraphs nest (If inside Loop inside If...); protobuf's default of 100 is generous but finite. */
    private static final int RECURSION_LIMIT = 1000;

    private ModelFiles() {}

    /**
     * Parses {@code model} from a read-only memory map with aliasing on, so every raw_data field is a
     * view of the mapped file: parsing touches only the graph's structure, and a tensor's pages are
     * read when (and if) its bytes are used. The map lives as long as the returned proto.
     */
    static ModelProto read(Path model) throws IOException {
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(model)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                // Protobuf cannot encode a message past 2 GB; larger weights must be external data.
                throw new InvalidModelException(model + " is " + size + " bytes, over protobuf's 2 GB limit");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(mapped).newCodedInput();
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        in.setRecursionLimit(RECURSION_LIMIT);
        try {
            ModelProto proto = ModelProto.parseFrom(in);
            if (!proto.hasGraph()) {
                throw new InvalidModelException(model + " has no graph; is it an ONNX model?");
            }
            return proto;
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidModelException(model + " is not a valid ONNX model: " + e.getMessage(), e);
        }
    }
}
