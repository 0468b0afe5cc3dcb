package dev.easel.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a peer program (node, npm) to completion with a time limit, keeping its output for messages. */
final class ExternalProcess {
    /** How the program ended. */
    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private ExternalProcess() {}

    /**
     * Runs {@code command} in {@code dir}. A program that is not installed fails the test with
     * {@code missing} in the message, never a skip.
     */
    static Result run(List<String> command, Path dir, Duration limit, String missing)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("easel-peer", ".out");
        Path err = Files.createTempFile("easel-peer", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                throw new AssertionError(
                        missing + " (could not start '" + command.getFirst() + "': " + e.getMessage() + ")", e);
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit.toSeconds()
                        + " s\n--- stdout ---\n" + Files.readString(out) + "\n--- stderr ---\n"
                        + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
