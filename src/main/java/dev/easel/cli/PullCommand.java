package dev.easel.cli;

import dev.easel.Config;
import dev.easel.engine.pull.HubClient;
import dev.easel.engine.pull.KnownRepos;
import dev.easel.engine.pull.ModelCard;
import dev.easel.engine.pull.PullException;
import dev.easel.engine.pull.PullResult;
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
 * {@code easel pull}: downloads a Stable Diffusion ONNX export from the Hugging Face Hub and, with
 * {@code --taesd}, a TAESD decoder into its {@code taesd_decoder/} (or into an existing model folder
 * named by {@code --into}); with {@code --matting}, a matting model into {@code <models>/matting/}
 * (the background removal behind {@code background: transparent}), showing its licence. Exits 0 on success and 1 with a one-line {@code error: ...} on stderr
 * otherwise; progress goes to stderr, one summary line per pull to stdout.
 */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Downloads a Stable Diffusion ONNX export (diffusers/optimum layout) from the Hugging Face Hub"
                    + " into <models>/<owner>--<name>.",
            "Only the files the ONNX pipeline uses are fetched, each is verified, and interrupted downloads"
                    + " resume. Set HF_TOKEN (or hub.token in easel.yaml) for gated or private repositories.",
            "The public exports Easel knows (--list) show their licence first; where it restricts use,"
                    + " --accept-license is needed.",
            "--taesd also fetches a TAESD decoder (vae_decoder/ of --taesd-repo) into the model's"
                    + " taesd_decoder/, used for previews and, when asked, the final decode;"
                    + " `easel pull --taesd --into DIR` adds one to a model folder already on disk."
                    + " The default TAESD decodes SD 1.x / 2.x latents only: for an SDXL model name a TAESDXL"
                    + " export with --taesd-repo (without one, --taesd refuses an SDXL model).",
            "--matting fetches a background-removal (matting) model into <models>/matting/, which makes"
                    + " background: transparent possible (default " + PullCommand.DEFAULT_MATTING_REPO + ", MIT);"
                    + " `easel pull --matting` alone pulls only it."
        })
public final class PullCommand implements Callable<Integer> {

    /** An Optimum export of diffusers' AutoencoderTiny for SD 1.x / 2.x latents. */
    static final String DEFAULT_TAESD_REPO = "deinferno/taesd-onnx";

    /** BiRefNet-lite (MIT licence) in the Hugging Face ONNX layout: input_image → output_image logits, 1024². */
    static final String DEFAULT_MATTING_REPO = "onnx-community/BiRefNet_lite-ONNX";

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "REPO",
            description = "Repository id, e.g. owner/name (omitted with --into).")
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
            names = "--taesd",
            description = "Also fetch a TAESD decoder into the model folder's taesd_decoder/ (SD 1.x / 2.x).")
    private boolean taesd;

    @Option(
            names = "--taesd-repo",
            paramLabel = "OWNER/NAME",
            description = "Repository of the TAESD decoder, with vae_decoder/model.onnx (default: " + DEFAULT_TAESD_REPO
                    + ").")
    private String taesdRepo;

    @Option(
            names = "--taesd-revision",
            paramLabel = "REV",
            description = "Branch, tag or commit of --taesd-repo (default: main).")
    private String taesdRevision;

    @Option(
            names = "--into",
            paramLabel = "DIR",
            description = "With --taesd and no REPO: the model folder to add the TAESD decoder to.")
    private Path into;

    @Option(
            names = "--matting",
            description = "Also (or, without REPO, only) fetch a matting model into <models>/matting/ for"
                    + " background: transparent.")
    private boolean matting;

    @Option(
            names = "--matting-repo",
            paramLabel = "OWNER/NAME",
            description = "Repository of the matting model (default: " + DEFAULT_MATTING_REPO + ").")
    private String mattingRepo;

    @Option(
            names = "--matting-revision",
            paramLabel = "REV",
            description = "Branch, tag or commit of --matting-repo (default: main).")
    private String mattingRevision;

    @Option(
            names = {"--hub-endpoint", "--endpoint"},
            paramLabel = "URL",
            description =
                    "Hub URL (default: hub.endpoint from easel.yaml or $HF_ENDPOINT, else https://huggingface.co).")
    private String endpoint;

    @Option(
            names = "--accept-license",
            description = "Accept the licence of a repository whose licence restricts use (shown before the download).")
    private boolean acceptLicense;

    @Option(names = "--list", description = "List the public ONNX exports Easel knows, with their licences, and exit.")
    private boolean list;

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
        PullProgress progress = new PullProgress(err, Progress.interactive(), System::nanoTime);
        if (list) {
            KnownRepos.all().forEach(r -> out.println(r.describe()));
            out.flush();
            return 0;
        }
        try {
            checkArguments();
            Map<String, String> flags = new LinkedHashMap<>();
            if (models != null) {
                flags.put("models_dir", models.toString());
            }
            if (endpoint != null) {
                flags.put("hub.endpoint", endpoint);
            }
            Config settings = new ConfigSources(ConfigSources.chooseFile(config), System.getenv(), flags)
                    .load(warning -> err.println("warning: " + warning));
            HubClient hub = new HubClient(settings.hub().settings());
            Path folder = into;
            if (repo != null) {
                checkLicence(repo, err);
                PullResult result = hub.pull(repo, revision, settings.modelsDir(), progress);
                progress.finish();
                out.println(summary("", result, "use --model " + result.folder()));
                out.flush();
                folder = result.folder();
            }
            if (taesd) {
                pullTaesd(hub, folder, progress, out, err);
            }
            if (matting) {
                pullMatting(hub, settings, progress, out, err);
            }
            return 0;
        } catch (PullException | IllegalArgumentException | IOException e) {
            return fail(progress, err, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(progress, err, "interrupted; pull again to resume");
        }
    }

    private void pullTaesd(HubClient hub, Path folder, PullProgress progress, PrintWriter out, PrintWriter err)
            throws PullException, InterruptedException {
        if (taesdRepo == null && java.nio.file.Files.isRegularFile(folder.resolve("text_encoder_2/model.onnx"))) {
            // The default decodes SD 1.x / 2.x latents: on SDXL latents its previews (and final pictures) are noise.
            throw new IllegalArgumentException(folder + " is an SDXL model, and the default TAESD ("
                    + DEFAULT_TAESD_REPO + ") decodes SD 1.x / 2.x latents only: name a TAESDXL export with"
                    + " --taesd-repo (an ONNX export of madebyollin/taesdxl in the vae_decoder/ layout); the model"
                    + " itself is in place and runs without one");
        }
        String from = taesdRepo != null ? taesdRepo : DEFAULT_TAESD_REPO;
        String at = taesdRevision != null ? taesdRevision : "main";
        if (repo != null) {
            // Sets the decoder's progress apart from the model's; with --into it is the only pull.
            err.println("adding the TAESD decoder of " + from + "@" + at + " to " + folder);
        }
        PullResult result = hub.pullTaesd(from, at, folder, progress);
        progress.finish();
        out.println(summary(
                "TAESD ",
                result,
                "previews use it; --engine-final-decoder taesd or final_decoder: taesd for the final picture"));
        out.flush();
        if (!result.files().contains("taesd_decoder/config.json")) {
            err.println("warning: " + from + " has no config.json for its decoder, so Easel takes it as the original"
                    + " TAESD (output in [0, 1]); if it is an export of diffusers' AutoencoderTiny (output in [-1, 1]),"
                    + " write {\"_class_name\": \"AutoencoderTiny\"} into "
                    + folder.resolve("taesd_decoder/config.json"));
            err.flush();
        }
    }

    private void pullMatting(HubClient hub, Config settings, PullProgress progress, PrintWriter out, PrintWriter err)
            throws PullException, InterruptedException {
        String from = mattingRepo != null ? mattingRepo : DEFAULT_MATTING_REPO;
        String at = mattingRevision != null ? mattingRevision : "main";
        if (repo != null || taesd) {
            err.println("adding the matting model of " + from + "@" + at);
        }
        PullResult result = hub.pullMatting(from, at, settings.modelsDir(), Config.MATTING_FOLDER, progress);
        progress.finish();
        Path folder = result.folder().resolve(Config.MATTING_FOLDER);
        java.util.Optional<String> licence = ModelCard.licence(folder.resolve("README.md"));
        out.println(summary(
                "matting model ",
                result,
                "licence: " + licence.orElse("not stated in the model card") + "; restart the server for"
                        + " background: transparent"));
        out.flush();
        if (licence.isEmpty() || ModelCard.restricted(licence.get())) {
            err.println("warning: " + from + "'s licence is "
                    + licence.map(l -> "'" + l + "'").orElse("not stated")
                    + ": check its terms (https://huggingface.co/" + from + ") before using its output commercially");
            err.flush();
        }
    }

    /**
     * Shows a known repository's licence before anything is downloaded; a licence that restricts
     * use needs {@code --accept-license}. Unknown repositories pass without a word.
     */
    private void checkLicence(String id, PrintWriter err) {
        KnownRepos.find(id).ifPresent(known -> {
            err.println(known.describe());
            err.flush();
            if (known.restricted() && !acceptLicense) {
                throw new IllegalArgumentException(known.id() + " is under the " + known.licence()
                        + ", which restricts how it may be used: read it at " + known.licenceUrl()
                        + ", then pull again with --accept-license");
            }
        });
    }

    /** The combinations picocli cannot express, refused with the same one-line errors as failed pulls. */
    private void checkArguments() {
        if (!matting && (mattingRepo != null || mattingRevision != null)) {
            throw new IllegalArgumentException(
                    (mattingRepo != null ? "--matting-repo" : "--matting-revision") + " only applies with --matting");
        }
        if (repo == null && into == null && matting && !taesd) {
            return; // only the matting model
        }
        if (repo == null && into == null) {
            throw new IllegalArgumentException("name a repository to pull (easel pull OWNER/NAME), or a model folder"
                    + " to add a TAESD decoder to (easel pull --taesd --into DIR), or pull a matting model (easel pull"
                    + " --matting)");
        }
        if (repo != null && into != null) {
            throw new IllegalArgumentException("give REPO or --into, not both: `easel pull " + repo
                    + " --taesd` pulls the model and its TAESD decoder");
        }
        if (!taesd && (into != null || taesdRepo != null || taesdRevision != null)) {
            String option = into != null ? "--into" : taesdRepo != null ? "--taesd-repo" : "--taesd-revision";
            throw new IllegalArgumentException(option + " only applies with --taesd");
        }
    }

    private static String summary(String what, PullResult result, String next) {
        return String.format(
                Locale.ROOT,
                "pulled %s%s@%s into %s: %d files, %s downloaded, %s reused (%s)",
                what,
                result.repoId(),
                result.revision(),
                result.folder(),
                result.files().size(),
                PullProgress.megabytes(result.bytesDownloaded()),
                PullProgress.megabytes(result.bytesReused()),
                next);
    }

    private static int fail(PullProgress progress, PrintWriter err, String message) {
        progress.finish();
        err.println("error: " + message);
        err.flush();
        return 1;
    }
}
