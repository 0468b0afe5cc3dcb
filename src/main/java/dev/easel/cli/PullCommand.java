package dev.easel.cli;

import dev.easel.Config;
import dev.easel.engine.pull.HubClient;
import dev.easel.engine.pull.PullException;
import dev.easel.engine.pull.PullResult;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code easel pull}: downloads a Stable Diffusion ONNX export from the Hugging Face Hub. Exits 0 on
 * success and 1 with a one-line {@code error: ...} on stderr otherwise; progress goes to stderr, the
 * summary to stdout.
 */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Downloads a Stable Diffusion ONNX export (diffusers/optimum layout) from the Hugging Face Hub"
                    + " into <models>/<owner>--<name>.",
            "Only the files the ONNX pipeline uses are fetched, each is verified, and interrupted downloads"
                    + " resume. Set HF_TOKEN (or hub.token in easel.yaml) for gated or private repositories."
        })
public final class PullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REPO", description = "Repository id, e.g. owner/name.")
    private String repo;

    @Option(
            names = "--revision",
            paramLabel = "REV",
            defaultValue = "main",
            description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    private String revision;

    @Option(
            names = "--models",
            paramLabel = "DIR",
            description = "Models directory (default: models_dir from easel.yaml or $EASEL_MODELS_DIR, else ./models).")
    private Path models;

    @Option(
            names = {"--hub-endpoint", "--endpoint"},
            paramLabel = "URL",
            description =
                    "Hub URL (default: hub.endpoint from easel.yaml or $HF_ENDPOINT, else https://huggingface.co).")
    private String endpoint;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration file (default ./easel.yaml when present).")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PullProgress progress = new PullProgress(err, isTerminal(), System::nanoTime);
        try {
            Map<String, String> flags = new LinkedHashMap<>();
            if (models != null) {
                flags.put("models_dir", models.toString());
            }
            if (endpoint != null) {
                flags.put("hub.endpoint", endpoint);
            }
            Config settings = new ConfigSources(ConfigSources.chooseFile(config), System.getenv(), flags)
                    .load(warning -> err.println("warning: " + warning));
            PullResult result =
                    new HubClient(settings.hub().settings()).pull(repo, revision, settings.modelsDir(), progress);
            progress.finish();
            out.println(String.format(
                    Locale.ROOT,
                    "pulled %s@%s into %s: %d files, %s downloaded, %s reused (use --model %s)",
                    result.repoId(),
                    result.revision(),
                    result.folder(),
                    result.files().size(),
                    PullProgress.megabytes(result.bytesDownloaded()),
                    PullProgress.megabytes(result.bytesReused()),
                    result.folder()));
            out.flush();
            return 0;
        } catch (PullException | IllegalArgumentException | IOException e) {
            return fail(progress, err, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(progress, err, "interrupted; pull again to resume");
        }
    }

    private static int fail(PullProgress progress, PrintWriter err, String message) {
        progress.finish();
        err.println("error: " + message);
        err.flush();
        return 1;
    }

    /**
     * Since JDK 22 {@link System#console()} is non-null even when output is redirected, so
     * {@link Console#isTerminal()} decides whether a redrawn {@code \r} bar makes sense.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
