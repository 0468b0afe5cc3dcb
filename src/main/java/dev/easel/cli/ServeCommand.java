package dev.easel.cli;

import dev.easel.Config;
import dev.easel.Easel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code easel serve}: the HTTP server, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the OpenAI-compatible image server.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", description = "Port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", description = "Interface to listen on (default 0.0.0.0).")
    String host;

    @Option(names = "--models", description = "Models folder (default ./models).")
    Path models;

    @Option(names = "--data", description = "Data folder (default ./data).")
    Path data;

    @Option(names = "--config", description = "YAML configuration file (default ./easel.yaml when present).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (port != null) {
            flags.put("port", port.toString());
        }
        if (host != null) {
            flags.put("host", host);
        }
        if (models != null) {
            flags.put("models_dir", models.toString());
        }
        if (data != null) {
            flags.put("data_dir", data.toString());
        }
        Config resolved = new ConfigSources(ConfigSources.chooseFile(config), System.getenv(), flags).load(log::warn);
        Easel easel = Easel.start(resolved);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            easel.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
