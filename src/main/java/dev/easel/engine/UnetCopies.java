package dev.easel.engine;

import dev.easel.engine.convert.ConversionProgress;
import dev.easel.engine.convert.UnetRewrite;
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
 * The rewritten copies of UNets (see {@link UnetRewrite}: attention fused, and for int8 the weight
 * MatMuls quantized): written once into {@code <model>/.easel-opt/<component>-<variant>/model.onnx},
 * keyed by the SHA-256 of the source's files (the ONNX file and its external data) and the
 * rewrite's version, recorded beside the copy. The digest is recomputed only
 * when a source file's size or modification time changed, so a load does not reread gigabytes to
 * find the copy still valid; a source replaced by different bytes is quantized again.
 */
final class UnetCopies {
    private static final Logger log = LoggerFactory.getLogger(UnetCopies.class);
    static final String FOLDER = ".easel-opt";

    /** Bumped whenever a rewrite changes what it writes, so older copies are made again. */
    static final String VERSION = "2";

    /** Which rewrites a copy has. */
    enum Variant {
        FUSED(true, false),
        INT8(true, true);

        final boolean fuse;
        final boolean int8;

        Variant(boolean fuse, boolean int8) {
            this.fuse = fuse;
            this.int8 = int8;
        }

        String folder(String component) {
            return component + "-" + name().toLowerCase(Locale.ROOT);
        }
    }

    private UnetCopies() {}

    /**
     * The int8 copy of {@code model}, quantized from {@code fp32} (the file ONNX Runtime would
     * otherwise open: the model itself or its float32 copy).
     */
    static synchronized Path resolve(
            Path model, Path fp32, String component, Variant variant, ConversionProgress progress) throws IOException {
        // The copy of a rewrite that changed nothing is the source itself (see "unchanged" below).
        Path folder = model.toAbsolutePath().getParent().getParent();
        Path target = folder.resolve(FOLDER).resolve(variant.folder(component)).resolve("model.onnx");
        Path stamp = target.resolveSibling("source.sha256");
        Path seen = target.resolveSibling("source.files");
        List<Path> sources = sourceFiles(model);
        String files = describe(sources);
        Path unchanged = target.resolveSibling("unchanged");
        if (Files.exists(unchanged)
                && Files.exists(seen)
                && Files.readString(seen).equals(files)
                && Files.readString(unchanged).equals(VERSION)) {
            // The rewrite found nothing to change in this source: the source is the copy.
            return fp32;
        }
        if (Files.exists(target) && Files.exists(stamp)) {
            String recorded = Files.readString(stamp);
            if (recorded.startsWith(VERSION + " ")
                    && Files.exists(seen)
                    && Files.readString(seen).equals(files)) {
                return target;
            }
            if (recorded.equals(VERSION + " " + digest(sources))) {
                Files.writeString(seen, files);
                return target;
            }
        }
        log.info(
                "{}: writing its {} copy once (cached in {})",
                component,
                variant.name().toLowerCase(Locale.ROOT),
                target.getParent());
        long start = System.nanoTime();
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(stamp);
        Files.deleteIfExists(seen);
        Files.deleteIfExists(unchanged);
        String digest = VERSION + " " + digest(sources);
        UnetRewrite.Summary summary = UnetRewrite.write(fp32, target, variant.fuse, variant.int8, progress);
        if (summary.attentionsFused() == 0 && summary.matMulsQuantized() == 0) {
            // Nothing to fuse or quantize: keep no second copy of the weights on disk.
            Files.deleteIfExists(target);
            Files.deleteIfExists(target.resolveSibling("model.onnx_data"));
            Files.writeString(unchanged, VERSION);
            Files.writeString(seen, files);
            log.info("{}: no attention pattern to fuse; using the model as it is", component);
            return fp32;
        }
        Files.writeString(stamp, digest);
        Files.writeString(seen, files);
        log.info(String.format(
                Locale.ROOT,
                "%s: %d attention blocks fused, %d MatMul weights quantized (%.1f MB of float32 replaced),"
                        + " %.1f MB written in %.1f s",
                component,
                summary.attentionsFused(),
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
