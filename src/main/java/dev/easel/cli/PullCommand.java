package dev.easel.cli;

import dev.easel.engine.pull.HubClient;
import dev.easel.engine.pull.HubSettings;
import dev.easel.engine.pull.PullException;
import dev.easel.engine.pull.PullResult;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
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
                    + " resume. Set HF_TOKEN for gated or private repositories."
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
            description = "Models directory (default: $EASEL_MODELS, else ./models).")
    private Path models;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description = "Hub URL (default: $HF_ENDPOINT, else https://huggingface.co).")
    private String endpoint;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = System.getenv();
        PullProgress progress = new PullProgress(err, isTerminal(), System::nanoTime);
        try {
            HubSettings settings = HubSettings.fromEnvironment(env);
            if (endpoint != null) {
                settings = settings.withEndpoint(HubSettings.parseEndpoint(endpoint));
            }
            PullResult result = new HubClient(settings).pull(repo, revision, modelsDir(env), progress);
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
        } catch (PullException | IllegalArgumentException e) {
            return fail(progress, err, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(progress, err, "interrupted; pull again to resume");
        }
    }

    private Path modelsDir(Map<String, String> env) {
        if (models != null) {
            return models;
        }
        String fromEnv = env.get("EASEL_MODELS");
        return Path.of(fromEnv == null || fromEnv.isBlank() ? "models" : fromEnv);
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
