package dev.easel.cli;

import dev.easel.engine.ModelLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code easel} command line: one subcommand per public service. */
@Command(
        name = "easel",
        mixinStandardHelpOptions = true,
        version = "easel 0.1.0",
        description = "Self-hosted image generation speaking OpenAI's image APIs.",
        subcommands = {
            ServeCommand.class,
            GenerateCommand.class,
            BenchCommand.class,
            SynthModelCommand.class,
            PullCommand.class,
            KeysCommand.class,
            VerifyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; errors with a message for the user print as one line. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ModelLoadException
                    || e instanceof IllegalArgumentException
                    || e instanceof UnsupportedOperationException
                    || e instanceof java.io.IOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
    }
}
