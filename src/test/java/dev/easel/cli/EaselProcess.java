package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code easel} run as a user runs it: a process of its own in a folder of its own, with the
 * test's class path, no {@code EASEL_*} or {@code HF_*} variables of the test's, no hub to reach
 * unless the arguments name one, on the CPU; its output in a pipe ({@link #run}) or on a
 * pseudo-terminal from util-linux's {@code script} ({@link #underTerminal}).
 */
public final class EaselProcess {
    private EaselProcess() {}

    /** What the process printed: on a terminal, {@code out} is the screen (stdout and stderr). */
    public record Result(int code, String out, String err) {}

    public static Result run(Path cwd, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args))
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(cwd.resolve("stdout.txt").toFile())
                .redirectError(cwd.resolve("stderr.txt").toFile());
        environment(builder.environment());
        int code = finish(builder.start());
        return new Result(
                code, Files.readString(cwd.resolve("stdout.txt")), Files.readString(cwd.resolve("stderr.txt")));
    }

    public static Result underTerminal(Path cwd, String... args) throws IOException, InterruptedException {
        assertThat(Path.of("/usr/bin/script"))
                .as("util-linux's script (Debian: bsdutils) runs the command under a pseudo-terminal")
                .exists();
        // A pseudo-terminal starts without a size; a bar fits the width it is given.
        StringBuilder line = new StringBuilder("stty cols 160 rows 40; exec");
        for (String part : command(args)) {
            line.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qec", line.toString(), "/dev/null")
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(cwd.resolve("terminal.txt").toFile());
        environment(builder.environment());
        builder.environment().put("TERM", "xterm-256color");
        int code = finish(builder.start());
        return new Result(code, Files.readString(cwd.resolve("terminal.txt"), StandardCharsets.UTF_8), "");
    }

    private static int finish(Process process) throws InterruptedException {
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("easel finished").isTrue();
        return process.exitValue();
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // As surefire's own argLine: with the test class path, loading a model overflows the
                // main thread's default stack (a SIGSEGV, exit 139), which the launcher's jar does not.
                "-Xss4m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.easel.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static void environment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("EASEL_") || k.startsWith("HF_"));
        env.put("EASEL_DEFAULT_MODEL_REPO", "");
        env.put("EASEL_DEVICE", "cpu");
        env.put("EASEL_LOG_LEVEL", "WARN");
    }
}
