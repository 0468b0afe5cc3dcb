package dev.easel.engine.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fp16UpcastTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static float[] input;

    @TempDir
    Path dir;

    @BeforeAll
    static void seedInput() {
        SplittableRandom rng = new SplittableRandom(42);
        input = TestModels.halves(rng, 4 * 8 * 8);
    }

    @Test
    void detectsFloat16OnlyWhereItIs() throws IOException {
        assertThat(Fp16Upcast.usesFloat16(TestModels.save(TestModels.chain(TestModels.FLOAT16), dir.resolve("h.onnx"))))
                .isTrue();
        assertThat(Fp16Upcast.usesFloat16(TestModels.save(TestModels.chain(TestModels.FLOAT), dir.resolve("f.onnx"))))
                .isFalse();
        assertThat(Fp16Upcast.usesFloat16(TestModels.save(TestModels.castOnly(), dir.resolve("cast.onnx"))))
                .isTrue();
    }

    @Test
    void upcastModelComputesExactlyWhatTheFloat32ModelDoes() throws Exception {
        Path source = TestModels.save(TestModels.chain(TestModels.FLOAT16), dir.resolve("src/model.onnx"));
        Path target = dir.resolve("cache/model.onnx");

        UpcastSummary summary = Fp16Upcast.upcast(source, target);

        assertThat(summary.tensorsConverted()).isEqualTo(TestModels.CHAIN_HALF_TENSORS);
        assertThat(summary.externalData()).isFalse();
        assertThat(summary.bytesWritten()).isEqualTo(Files.size(target));
        assertThat(dir.resolve("cache/model.onnx_data")).doesNotExist();
        assertThat(Fp16Upcast.usesFloat16(target)).isFalse();
        assertThat(run(target)).containsExactly(reference());

        ModelProto converted = ModelFiles.read(target);
        ModelProto original = TestModels.chain(TestModels.FLOAT16);
        assertThat(converted.getIrVersion()).isEqualTo(original.getIrVersion());
        assertThat(converted.getOpsetImportList()).isEqualTo(original.getOpsetImportList());
        assertThat(converted.getMetadataPropsList()).isEqualTo(original.getMetadataPropsList());
        assertThat(converted.getGraph().getNodeList())
                .extracting(n -> n.getName())
                .isEqualTo(original.getGraph().getNodeList().stream()
                        .map(n -> n.getName())
                        .toList());
    }

    @Test
    void externalDataSourceConvertsWithoutLoadingItsDataForDetection() throws Exception {
        Path source = TestModels.saveExternal(
                TestModels.chain(TestModels.FLOAT16), dir.resolve("src/model.onnx"), "weights.bin");
        Path target = dir.resolve("cache/unet/model.onnx");

        UpcastSummary summary = Fp16Upcast.upcast(source, target);

        Path data = dir.resolve("cache/unet/model.onnx_data");
        assertThat(summary.externalData()).isTrue();
        assertThat(summary.tensorsConverted()).isEqualTo(TestModels.CHAIN_HALF_TENSORS);
        assertThat(data).exists();
        assertThat(summary.bytesWritten()).isEqualTo(Files.size(target) + Files.size(data));
        // Weights (conv 1152 B, mul 2048 B as float32) live in the data file, not the proto.
        assertThat(Files.size(target)).isLessThan(2048);
        assertThat(run(target)).containsExactly(reference());

        // Detection parses only the graph: it works with the weights file gone.
        Files.delete(source.resolveSibling("weights.bin"));
        assertThat(Fp16Upcast.usesFloat16(source)).isTrue();
    }

    @Test
    void largeOutputGoesToExternalData() throws Exception {
        Path source = TestModels.save(TestModels.chain(TestModels.FLOAT16), dir.resolve("model.fp16.onnx"));
        Path target = dir.resolve("model.onnx");

        UpcastSummary summary = new Upcaster(0, TensorPlacer.Checkpoint.NONE).upcast(source, target);

        assertThat(summary.externalData()).isTrue();
        assertThat(dir.resolve("model.onnx_data")).exists();
        assertThat(run(target)).containsExactly(reference());
    }

    @Test
    void progressIsToldTheWeightsAsTheyAreWritten() throws Exception {
        Path source = TestModels.save(TestModels.chain(TestModels.FLOAT16), dir.resolve("model.fp16.onnx"));
        java.util.List<String> heard = new java.util.ArrayList<>();
        long[] total = new long[1];
        Fp16Upcast.upcast(source, dir.resolve("model.onnx"), new ConversionProgress() {
            @Override
            public void started(String from, long totalBytes) {
                total[0] = totalBytes;
                heard.add("started " + from);
            }

            @Override
            public void written(long bytes) {
                heard.add("written " + bytes);
            }

            @Override
            public void finished() {
                heard.add("finished");
            }
        });
        assertThat(total[0]).isPositive();
        assertThat(heard.getFirst())
                .isEqualTo("started " + source.toAbsolutePath().normalize());
        assertThat(heard.getLast()).isEqualTo("finished");
        assertThat(heard.get(heard.size() - 2)).isEqualTo("written " + total[0]);
        assertThat(heard.subList(1, heard.size() - 1)).allMatch(h -> h.startsWith("written "));
    }

    @Test
    void interruptedConversionLeavesNothingBehind() throws IOException {
        Path source = TestModels.save(TestModels.chain(TestModels.FLOAT16), dir.resolve("src/model.onnx"));
        Path cache = dir.resolve("cache");
        TensorPlacer.Checkpoint crash = name -> {
            throw new IOException("simulated crash after " + name);
        };

        for (long externalAbove : new long[] {0, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> new Upcaster(externalAbove, crash).upcast(source, cache.resolve("model.onnx")))
                    .hasMessageStartingWith("simulated crash");
            try (Stream<Path> left = Files.list(cache)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void float32ModelIsReportedAndCopiedUnchanged() throws Exception {
        Path source = TestModels.save(TestModels.chain(TestModels.FLOAT), dir.resolve("f.onnx"));
        UpcastSummary summary = Fp16Upcast.upcast(source, dir.resolve("copy.onnx"));

        assertThat(summary.tensorsConverted()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("copy.onnx"))).isEqualTo(Files.readAllBytes(source));
    }

    @Test
    void malformedInputsFailWithClearErrors() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model at all");
        assertThatThrownBy(() -> Fp16Upcast.usesFloat16(junk)).isInstanceOf(InvalidModelException.class);

        Path source = TestModels.saveExternal(
                TestModels.chain(TestModels.FLOAT16), dir.resolve("src/model.onnx"), "weights.bin");
        Files.delete(source.resolveSibling("weights.bin"));
        assertThatThrownBy(() -> Fp16Upcast.upcast(source, dir.resolve("out/model.onnx")))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("weights.bin");
        assertThat(dir.resolve("out/model.onnx")).doesNotExist();
    }

    private static float[] reference() throws Exception {
        Path f32 = Files.createTempFile("easel-f32", ".onnx");
        try {
            return run(TestModels.save(TestModels.chain(TestModels.FLOAT), f32));
        } finally {
            Files.delete(f32);
        }
    }

    /** Runs a float32 model on the seeded input, checking its declared input and output types. */
    private static float[] run(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = ENV.createSession(model.toString(), options)) {
            for (Map<String, NodeInfo> infos : List.of(session.getInputInfo(), session.getOutputInfo())) {
                for (NodeInfo info : infos.values()) {
                    assertThat(((TensorInfo) info.getInfo()).type).isEqualTo(OnnxJavaType.FLOAT);
                }
            }
            try (OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), TestModels.INPUT_SHAPE);
                    OrtSession.Result result = session.run(Map.of("x", x))) {
                FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] out = new float[y.remaining()];
                y.get(out);
                return out;
            }
        }
    }
}
