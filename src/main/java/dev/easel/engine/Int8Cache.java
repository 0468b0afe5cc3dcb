package dev.easel.engine;

import dev.easel.engine.convert.Int8Quantization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The int8 copies of UNets (see {@link Int8Quantization}): written once into
 * {@code <model>/.easel-int8/<component>/model.onnx}, keyed by the SHA-256 of the source's files
 * (the ONNX file and its external data), recorded beside the copy. The digest is recomputed only
 * when a source file's size or modification time changed, so a load does not reread gigabytes to
 * find the copy still valid; a source replaced by different bytes is quantized again.
 */
final class Int8Cache {
    private static final Logger log = LoggerFactory.getLogger(Int8Cache.class);
    static final String FOLDER = ".easel-int8";

    private Int8Cache() {}

    /**
     * The int8 copy of {@code model}, quantized from {@code fp32} (the file ONNX Runtime would
     * otherwise open: the model itself or its float32 copy).
     */
    static synchronized Path resolve(Path model, Path fp32, String component) throws IOException {
        Path folder = model.toAbsolutePath().getParent().getParent();
        Path target = folder.resolve(FOLDER).resolve(component).resolve("model.onnx");
        Path stamp = target.resolveSibling("source.sha256");
        Path seen = target.resolveSibling("source.files");
        List<Path> sources = sourceFiles(model);
        String files = describe(sources);
        if (Files.exists(target) && Files.exists(stamp)) {
            String recorded = Files.readString(stamp);
            if (Files.exists(seen) && Files.readString(seen).equals(files)) {
                return target;
            }
            if (recorded.equals(digest(sources))) {
                Files.writeString(seen, files);
                return target;
            }
        }
        log.info("{}: quantizing its MatMul weights to int8 once (cached in {})", component, target.getParent());
        long start = System.nanoTime();
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(stamp);
        Files.deleteIfExists(seen);
        String digest = digest(sources);
        Int8Quantization.Summary summary = Int8Quantization.quantize(fp32, target);
        Files.writeString(stamp, digest);
        Files.writeString(seen, files);
        log.info(String.format(
                Locale.ROOT,
                "%s: %d MatMul weights quantized (%.1f MB of float32 replaced), %.1f MB written in %.1f s",
                component,
                summary.matMulsQuantized(),
                summary.floatBytesReplaced() / 1e6,
                summary.bytesWritten() / 1e6,
                (System.nanoTime() - start) / 1e9));
        return target;
    }

    /** The model file and every other regular file of its folder (its external data), by name. */
    private static List<Path> sourceFiles(Path model) throws IOException {
        try (Stream<Path> files = Files.list(model.toAbsolutePath().getParent())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static String describe(List<Path> files) throws IOException {
        StringBuilder s = new StringBuilder();
        for (Path p : files) {
            s.append(p.getFileName())
                    .append(' ')
                    .append(Files.size(p))
                    .append(' ')
                    .append(Files.getLastModifiedTime(p).toMillis())
                    .append('\n');
        }
        return s.toString();
    }

    static String digest(List<Path> files) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        for (Path p : files) {
            sha.update(p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            try (InputStream in = Files.newInputStream(p)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
