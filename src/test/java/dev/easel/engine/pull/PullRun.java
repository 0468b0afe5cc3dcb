package dev.easel.engine.pull;

import dev.easel.cli.PullCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** {@code easel pull} run in this process, its output and errors written to the writers given. */
final class PullRun {
    private PullRun() {}

    /** The command's exit status. */
    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine command = new CommandLine(new PullCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
