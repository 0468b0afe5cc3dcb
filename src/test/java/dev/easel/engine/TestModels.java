package dev.easel.engine;

import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The synthetic models, written once per test JVM by the project's own generator and loaded
 * through the same code path as downloaded models. Shared read-only by the tests.
 */
public final class TestModels {
    private static final Map<SyntheticModel.Shape, DiffusionModel> LOADED = new EnumMap<>(SyntheticModel.Shape.class);
    private static Path root;
    private static OrtRuntime runtime;

    private TestModels() {}

    public static synchronized Path folder(SyntheticModel.Shape shape) {
        try {
            if (root == null) {
                root = Files.createTempDirectory("easel-models");
                Runtime.getRuntime().addShutdownHook(new Thread(TestModels::deleteAll));
            }
            Path dir = root.resolve(shape.name().toLowerCase(java.util.Locale.ROOT));
            if (!Files.exists(dir.resolve("model_index.json"))) {
                SyntheticModel.write(dir, shape, 42);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized DiffusionModel tiny() {
        return load(SyntheticModel.Shape.TINY);
    }

    public static synchronized DiffusionModel tinyIpAdapter() {
        return load(SyntheticModel.Shape.TINY_IP_ADAPTER);
    }

    public static synchronized DiffusionModel demo() {
        return load(SyntheticModel.Shape.DEMO);
    }

    public static synchronized DiffusionModel sdxlTiny() {
        return load(SyntheticModel.Shape.SDXL_TINY);
    }

    public static synchronized DiffusionModel sdTurboTiny() {
        return load(SyntheticModel.Shape.SD_TURBO_TINY);
    }

    public static synchronized OrtRuntime runtime() {
        if (runtime == null) {
            runtime = OrtRuntime.create(OrtRuntime.Device.CPU);
        }
        return runtime;
    }

    private static DiffusionModel load(SyntheticModel.Shape shape) {
        return LOADED.computeIfAbsent(shape, s -> DiffusionModel.load(folder(s), runtime()));
    }

    private static void deleteAll() {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
