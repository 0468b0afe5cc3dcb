package dev.easel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Arrows point inward (STYLE.md habit 4): the engine knows nothing of the layers above it, and the
 * engine's helper packages (tokenizer, schedulers, conversion, downloads, synthetic models) know
 * nothing of the pipeline.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/easel");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    /** Package prefix → imports it must not use. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "dev.easel.engine",
                    List.of(
                            "dev.easel.cli",
                            "dev.easel.api",
                            "dev.easel.responses",
                            "dev.easel.tools",
                            "dev.easel.store",
                            "io.javalin"),
            "dev.easel.engine.text", List.of("dev.easel.engine.sched", "ai.onnxruntime"),
            "dev.easel.engine.sched", List.of("dev.easel.engine.text", "ai.onnxruntime"),
            "dev.easel.safety",
                    List.of(
                            "dev.easel.api",
                            "dev.easel.responses",
                            "dev.easel.tools",
                            "dev.easel.engine",
                            "dev.easel.store",
                            "io.javalin"),
            "dev.easel.store",
                    List.of(
                            "dev.easel.api",
                            "dev.easel.responses",
                            "dev.easel.tools",
                            "dev.easel.engine",
                            "io.javalin"),
            "dev.easel.responses", List.of("dev.easel.api", "io.javalin"),
            "dev.easel.tools", List.of("dev.easel.api", "dev.easel.responses", "io.javalin"));

    @Test
    void importsPointInward() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(file -> check(file, violations));
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckSeesViolations() {
        List<String> violations = new ArrayList<>();
        checkSource("dev.easel.engine", "import dev.easel.cli.Main;\n", "X.java", violations);
        checkSource("dev.easel.engine.sched", "import dev.easel.engine.DiffusionModel;\n", "Y.java", violations);
        assertThat(violations).hasSize(2);
    }

    private static void check(Path file, List<String> violations) {
        String pkg =
                "dev.easel." + SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        try {
            checkSource(pkg, Files.readString(file), file.toString(), violations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkSource(String pkg, String source, String name, List<String> violations) {
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            String imported = m.group(1);
            boolean engineSub = pkg.startsWith("dev.easel.engine.");
            if (engineSub && isPipelineClass(imported)) {
                violations.add(name + " imports the pipeline: " + imported);
            }
            FORBIDDEN.forEach((prefix, banned) -> {
                if (pkg.equals(prefix) || pkg.startsWith(prefix + ".")) {
                    banned.stream()
                            .filter(imported::startsWith)
                            .forEach(b -> violations.add(name + " imports " + imported));
                }
            });
        }
    }

    /** A class directly in dev.easel.engine (the pipeline), as opposed to one of its sub-packages. */
    private static boolean isPipelineClass(String imported) {
        if (!imported.startsWith("dev.easel.engine.")) {
            return false;
        }
        String rest = imported.substring("dev.easel.engine.".length());
        return !rest.isEmpty() && Character.isUpperCase(rest.charAt(0));
    }
}
