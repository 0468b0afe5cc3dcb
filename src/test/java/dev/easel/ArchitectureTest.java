package dev.easel;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/architecture.md, checked on the compiled classes (so inline
 * fully-qualified names, lambdas and nested classes count too): each top-level package of
 * {@code dev.easel} may depend only on the packages its row names. Arrows point down.
 */
class ArchitectureTest {
    /** Package → the packages it may use (its own sub-packages always). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of("*")), // Easel and Config: the wiring
            Map.entry("cli", Set.of("*")),
            Map.entry(
                    "api",
                    Set.of(
                            "responses",
                            "tools",
                            "images",
                            "engine",
                            "wire",
                            "json",
                            "media",
                            "safety",
                            "store",
                            "charts",
                            "auth")),
            Map.entry("responses", Set.of("tools", "images", "engine", "wire", "json", "media", "store", "auth")),
            Map.entry("tools", Set.of("images", "engine", "wire", "json", "media", "safety", "store", "charts")),
            Map.entry("images", Set.of("engine", "wire", "json", "media", "safety", "store", "charts", "auth")),
            Map.entry(
                    "queue", Set.of("images", "engine", "wire", "json", "media", "safety", "charts", "auth", "store")),
            Map.entry("auth", Set.of("store", "json")),
            Map.entry("engine", Set.of("media")),
            Map.entry("wire", Set.of("json")),
            Map.entry("safety", Set.of("media", "json")),
            Map.entry("store", Set.of("json")),
            Map.entry("charts", Set.of("media", "json")),
            Map.entry("json", Set.of()),
            Map.entry("media", Set.of()));

    /**
     * Third-party packages kept to one layer: the HTTP framework to the edge, ONNX Runtime to the
     * engine, picocli and the progress bars to the command line, JFreeChart to charts, jsoup to tools, BouncyCastle and CBOR to safety (C2PA).
     */
    static final Map<String, Set<String>> LIBRARIES = Map.ofEntries(
            Map.entry("io.javalin", Set.of("api", "")),
            Map.entry("org.eclipse.jetty", Set.of("api", "")),
            Map.entry("ai.onnxruntime", Set.of("engine")),
            Map.entry("io.modelcontextprotocol", Set.of("tools", "api")),
            Map.entry("picocli", Set.of("cli")),
            Map.entry("me.tongfei.progressbar", Set.of("cli")),
            Map.entry("org.jline", Set.of("cli")),
            Map.entry("org.jsoup", Set.of("tools")),
            Map.entry("crawlercommons", Set.of("tools")),
            Map.entry("net.dankito.readability4j", Set.of("tools")),
            Map.entry("kotlin", Set.of()),
            Map.entry("org.jfree", Set.of("charts")),
            Map.entry("org.bouncycastle", Set.of("safety")),
            Map.entry("tools.jackson.dataformat.cbor", Set.of("safety", "queue")),
            Map.entry("redis.clients", Set.of("queue")));

    /** The engine's helper packages know nothing of the pipeline package itself. */
    static final List<String> ENGINE_HELPERS =
            List.of("engine.text", "engine.sched", "engine.convert", "engine.pull", "engine.synth");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // The main classes' own folder (or jar): scanning the whole class path for the package is slow.
        java.net.URL main = Easel.class.getProtectionDomain().getCodeSource().getLocation();
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrl(main);
    }

    @Test
    void everyEdgeBetweenPackagesIsInTheTable() {
        assertThat(classes.size()).as("classes imported").isGreaterThan(200);
        Set<String> violations = new TreeSet<>();
        for (JavaClass source : classes) {
            for (Dependency d : source.getDirectDependenciesFromSelf()) {
                violation(source.getPackageName(), d.getTargetClass().getPackageName())
                        .ifPresent(v -> violations.add(v + ": " + d.getDescription()));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackageHasARow() {
        Set<String> missing = new TreeSet<>();
        for (JavaClass c : classes) {
            String top = top(c.getPackageName());
            if (!ALLOWED.containsKey(top)) {
                missing.add(top);
            }
        }
        assertThat(missing).as("packages without a row in the table").isEmpty();
    }

    @Test
    void theCheckSeesViolations() {
        assertThat(violation("dev.easel.engine", "dev.easel.api")).isPresent();
        assertThat(violation("dev.easel.wire", "dev.easel.responses")).isPresent();
        assertThat(violation("dev.easel.engine.sched", "dev.easel.engine")).isPresent();
        assertThat(violation("dev.easel.tools", "io.javalin.http")).isPresent();
        assertThat(violation("dev.easel.responses", "ai.onnxruntime")).isPresent();
        assertThat(violation("dev.easel.responses", "io.modelcontextprotocol.client"))
                .isPresent();
        assertThat(violation("dev.easel.tools.mcp", "io.modelcontextprotocol.client"))
                .isEmpty();
        assertThat(violation("dev.easel.responses", "org.jsoup.nodes")).isPresent();
        assertThat(violation("dev.easel.tools.web", "org.jsoup.nodes")).isEmpty();
        assertThat(violation("dev.easel.api", "dev.easel.responses")).isEmpty();
        assertThat(violation("dev.easel.tools", "org.jfree.chart")).isPresent();
        assertThat(violation("dev.easel.charts", "org.jfree.chart")).isEmpty();
        assertThat(violation("dev.easel.images", "org.bouncycastle.cert")).isPresent();
        assertThat(violation("dev.easel.safety.provenance", "org.bouncycastle.cert"))
                .isEmpty();
        assertThat(violation("dev.easel.api", "tools.jackson.dataformat.cbor")).isPresent();
        assertThat(violation("dev.easel.charts", "dev.easel.tools")).isPresent();
        assertThat(violation("dev.easel.engine.sched", "dev.easel.engine.sched"))
                .isEmpty();
    }

    /** Why the edge from {@code from} to {@code to} is not allowed, if it is not. */
    static java.util.Optional<String> violation(String from, String to) {
        String source = top(from);
        for (var lib : LIBRARIES.entrySet()) {
            if ((to + ".").startsWith(lib.getKey() + ".") && !lib.getValue().contains(source)) {
                return java.util.Optional.of(
                        from + " -> " + to + " (" + lib.getKey() + " is for " + lib.getValue() + ")");
            }
        }
        if (!to.equals("dev.easel") && !to.startsWith("dev.easel.")) {
            return java.util.Optional.empty();
        }
        String sub = from.equals("dev.easel") ? "" : from.substring("dev.easel.".length());
        if (to.equals("dev.easel.engine") && ENGINE_HELPERS.stream().anyMatch(h -> (sub + ".").startsWith(h + "."))) {
            return java.util.Optional.of(from + " -> " + to + " (engine helpers do not use the pipeline)");
        }
        String target = top(to);
        Set<String> allowed = ALLOWED.getOrDefault(source, Set.of());
        if (target.equals(source) || allowed.contains("*") || allowed.contains(target)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(from + " -> " + to);
    }

    /** {@code dev.easel.engine.sched} → {@code engine}; {@code dev.easel} → the root, "". */
    private static String top(String pkg) {
        if (pkg.equals("dev.easel")) {
            return "";
        }
        String rest = pkg.substring("dev.easel.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
