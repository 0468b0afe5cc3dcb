package dev.easel.cli;

import dev.easel.Config;
import dev.easel.Easel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code easel serve}: the HTTP server, until interrupted. Every setting is also a flag (added by
 * {@link SettingFlags}); flags override {@code EASEL_*} variables, which override the file.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = SettingFlags.class,
        description = "Run the OpenAI-compatible image server.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration file (default ./easel.yaml when present).")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Easel easel = Easel.start(resolve(System.getenv(), log::warn));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            easel.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** The configuration this command line asks for, over {@code env}. */
    Config resolve(Map<String, String> env, Consumer<String> warnings) throws IOException {
        return new ConfigSources(ConfigSources.chooseFile(config), env, SettingFlags.given(spec)).load(warnings);
    }
}
