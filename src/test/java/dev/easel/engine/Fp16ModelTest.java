package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import com.google.protobuf.ByteString;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A float16 export (here: the tiny model with its UNet and VAE decoder rewritten to float16, as
 * published exports are) loads through the float32 cache and gives nearly the same picture.
 */
class Fp16ModelTest {

    @Test
    void float16ComponentsAreUpcastOnceAndCached(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY, 42);
        ImageJob job = ImageJob.text("a red fox", 64, 64, 3, 0, 5);
        RgbImage reference;
        try (DiffusionModel fp32 = DiffusionModel.load(dir, TestModels.runtime())) {
            reference = fp32.generate(job, GenerationListener.NONE, CancelToken.NEVER)
                    .image();
        }
        toFloat16(dir.resolve("unet/model.onnx"));
        toFloat16(dir.resolve("vae_decoder/model.onnx"));

        try (DiffusionModel fp16 = DiffusionModel.load(dir, TestModels.runtime())) {
            assertThat(fp16.unet.sampleInfo().type).isEqualTo(OnnxJavaType.FLOAT);
            RgbImage image = fp16.generate(job, GenerationListener.NONE, CancelToken.NEVER)
                    .image();
            assertThat(ImageMetrics.psnr(image, reference)).isGreaterThan(35);
        }
        Path cached = dir.resolve(Fp32Cache.FOLDER).resolve("unet/model.onnx");
        assertThat(cached).exists();
        long written = Files.getLastModifiedTime(cached).toMillis();
        try (DiffusionModel again = DiffusionModel.load(dir, TestModels.runtime())) {
            assertThat(Files.getLastModifiedTime(cached).toMillis()).isEqualTo(written);
        }
    }

    /** Rewrites float32 initializers and graph inputs/outputs to float16 (Resize scales stay float32, as ONNX requires). */
    static void toFloat16(Path file) throws IOException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        }
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (TensorProto.Builder t : graph.getInitializerBuilderList()) {
            if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE
                    || t.getName().startsWith("scales")) {
                continue;
            }
            ByteBuffer src = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer dst = ByteBuffer.allocate(src.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
            while (src.hasRemaining()) {
                dst.putShort(Float.floatToFloat16(src.getFloat()));
            }
            t.setDataType(TensorProto.DataType.FLOAT16_VALUE).setRawData(ByteString.copyFrom(dst.array()));
        }
        for (ValueInfoProto.Builder v : graph.getInputBuilderList()) {
            half(v);
        }
        for (ValueInfoProto.Builder v : graph.getOutputBuilderList()) {
            half(v);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            model.toBuilder().setGraph(graph).build().writeTo(out);
        }
    }

    private static void half(ValueInfoProto.Builder v) {
        var tensor = v.getTypeBuilder().getTensorTypeBuilder();
        if (tensor.getElemType() == TensorProto.DataType.FLOAT_VALUE) {
            tensor.setElemType(TensorProto.DataType.FLOAT16_VALUE);
        }
    }
}
