package dev.easel.engine;

import dev.easel.engine.convert.ConversionProgress;
import dev.easel.engine.convert.Fp16Upcast;
import dev.easel.engine.convert.UpcastSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Float16 exports run on float32 copies: converted once, on first load, into
 * {@code <model>/.easel-fp32/<component>/model.onnx} and reused while the source file keeps its
 * size and modification time (recorded beside the copy). ONNX Runtime would run the float16 file
 * on CPU, but by wrapping most operators in casts, several times slower than the copy.
 */
final class Fp32Cache {
    private static final Logger log = LoggerFactory.getLogger(Fp32Cache.class);
    static final String FOLDER = ".easel-fp32";

    private Fp32Cache() {}

    /** The file to open for {@code model}: itself when it is float32, else its cached copy. */
    static synchronized Path resolve(Path model, String component, ConversionProgress progress) throws IOException {
        if (!Fp16Upcast.usesFloat16(model)) {
            return model;
        }
        Path folder = model.toAbsolutePath().getParent().getParent();
        Path target = folder.resolve(FOLDER).resolve(component).resolve("model.onnx");
        Path stamp = target.resolveSibling("source.stamp");
        String expected = stampOf(model);
        if (Files.exists(target)
                && Files.exists(stamp)
                && Files.readString(stamp).equals(expected)) {
            return target;
        }
        log.info("{} is float16: converting it to float32 once (cached in {})", component, target.getParent());
        long start = System.nanoTime();
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(stamp);
        UpcastSummary summary = Fp16Upcast.upcast(model, target, progress);
        Files.writeString(stamp, expected);
        log.info(String.format(
                Locale.ROOT,
                "%s: %d tensors converted, %.1f MB written in %.1f s",
                component,
                summary.tensorsConverted(),
                summary.bytesWritten() / 1e6,
                (System.nanoTime() - start) / 1e9));
        return target;
    }

    private static String stampOf(Path model) throws IOException {
        return Files.size(model) + " " + Files.getLastModifiedTime(model).toMillis();
    }
}
