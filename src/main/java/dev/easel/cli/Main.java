package dev.easel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code easel} command line: one subcommand per public service. */
@Command(
        name = "easel",
        mixinStandardHelpOptions = true,
        version = "easel 0.1.0",
        description = "Self-hosted image generation speaking OpenAI's image APIs.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
