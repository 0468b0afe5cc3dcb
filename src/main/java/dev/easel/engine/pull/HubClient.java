package dev.easel.engine.pull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads Stable Diffusion ONNX exports from a Hugging Face Hub.
 *
 * <p>A pull writes into {@code <modelsDir>/<owner>--<name>}: {@code /} becomes {@code --} as in the Hub's
 * own cache naming, giving one flat, predictable folder per repository that can be passed to
 * {@code --model} directly (the Hub forbids {@code --} inside names, so two repositories never collide).
 * The folder is per repository, not per revision: pulling another revision replaces the selected files
 * and leaves any others in place. Only the files the ONNX pipeline needs are fetched (see
 * {@link FileSelector}). {@link #pullTaesd} adds a TAESD decoder from another repository to a model
 * folder through the same download loop.
 *
 * <p>Each file is verified against the size and hash the Hub lists, resumed from a {@code .part} file
 * after interruptions, and retried on transient failures. Files already present and intact are reused,
 * so pulling again downloads nothing and completes an interrupted pull (reused files are re-hashed,
 * which reads them once). Concurrent pulls into the same folder are
 * not coordinated. The token goes only to the endpoint's origin and never into messages or logs.
 */
public final class HubClient {

    private static final Logger log = LoggerFactory.getLogger(HubClient.class);

    private final HubSettings settings;
    private final RetryPolicy retry;
    private final HubHttp http;

    public HubClient(HubSettings settings) {
        this(settings, RetryPolicy.DEFAULT);
    }

    HubClient(HubSettings settings, RetryPolicy retry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.http = new HubHttp(settings);
    }

    /**
     * Pulls the ONNX export of {@code repoId} at {@code revision} into {@code modelsDir}.
     *
     * @param repoId {@code owner/name}
     * @param revision branch, tag or commit, e.g. {@code main}
     * @param modelsDir the models directory; created if missing
     * @throws IllegalArgumentException for a malformed repository id or revision
     * @throws PullException when the pull cannot complete; files already verified stay in place and
     *     partial downloads are kept for resuming (except ones that failed verification)
     * @throws InterruptedException when interrupted; partial downloads are kept for resuming
     */
    public PullResult pull(String repoId, String revision, Path modelsDir, PullListener listener)
            throws PullException, InterruptedException {
        RepoRevision at = new RepoRevision(new RepoId(repoId), revision);
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(listener, "listener");
        log.debug("pulling {} at {} from {}", at.repo(), revision, settings.endpoint());
        Source source = new Source(
                at,
                "copy an ONNX export folder into " + modelsDir
                        + " instead, or run `easel synth-model` for a demo model");
        List<PlannedFile> plan = FileSelector.select(at, list(source));
        return fetchAll(source, plan, modelsDir.resolve(at.repo().folderName()), listener);
    }

    /**
     * Adds the TAESD decoder of {@code repoId} (see {@link TaesdFiles}) to an existing model folder as
     * {@code taesd_decoder/}, with the same verification, resuming and reuse as {@link #pull}. Once the
     * decoder is in place, other files in {@code taesd_decoder/} are removed: they belong to an earlier
     * decoder, and a stale {@code config.json} would make the engine misread the new one's output range.
     * The decoder must match the model's latents: TAESD for SD 1.x / 2.x, TAESDXL for SDXL.
     *
     * @param modelFolder a model folder, holding at least {@code unet/model.onnx}
     * @return the result; its files are relative to {@code modelFolder} ({@code taesd_decoder/...})
     * @throws IllegalArgumentException for a malformed repository id or revision
     * @throws PullException when the folder is no model folder, the repository has no TAESD decoder, or
     *     the pull cannot complete (as for {@link #pull})
     * @throws InterruptedException when interrupted; partial downloads are kept for resuming
     */
    public PullResult pullTaesd(String repoId, String revision, Path modelFolder, PullListener listener)
            throws PullException, InterruptedException {
        RepoRevision at = new RepoRevision(new RepoId(repoId), revision);
        Objects.requireNonNull(listener, "listener");
        requireModelFolder(Objects.requireNonNull(modelFolder, "modelFolder"));
        log.debug("pulling the TAESD decoder of {} at {} into {}", at.repo(), revision, modelFolder);
        Path decoder = modelFolder.resolve(TaesdFiles.FOLDER);
        Source source =
                new Source(at, "copy a TAESD decoder (model.onnx and its config.json) into " + decoder + " instead");
        List<PlannedFile> plan = TaesdFiles.select(at, list(source));
        PullResult result = fetchAll(source, plan, modelFolder, listener);
        removeOthers(
                decoder, plan.stream().map(f -> modelFolder.resolve(f.target())).toList());
        return result;
    }

    /**
     * Pulls the matting model of {@code repoId} (see {@link MattingFiles}) into
     * {@code <modelsDir>/<folder>/}, where the server finds it, with the same verification, resuming
     * and reuse as {@link #pull}. Once in place, other files of that folder (an earlier model's
     * preprocessing file would be misread as this one's) are removed.
     *
     * @return the result; its folder is {@code modelsDir}, its files {@code <folder>/...}
     */
    public PullResult pullMatting(String repoId, String revision, Path modelsDir, String folder, PullListener listener)
            throws PullException, InterruptedException {
        RepoRevision at = new RepoRevision(new RepoId(repoId), revision);
        Objects.requireNonNull(listener, "listener");
        Path target = Objects.requireNonNull(modelsDir, "modelsDir").resolve(folder);
        log.debug("pulling the matting model of {} at {} into {}", at.repo(), revision, target);
        Source source = new Source(at, "copy an ONNX matting model (model.onnx) into " + target + " instead");
        List<PlannedFile> plan = MattingFiles.select(at, list(source), folder);
        PullResult result = fetchAll(source, plan, modelsDir, listener);
        removeOthers(
                target, plan.stream().map(f -> modelsDir.resolve(f.target())).toList());
        return result;
    }

    /** A revision to fetch from, and what to tell the user when the hub cannot be reached. */
    private record Source(RepoRevision at, String offlineAdvice) {}

    /** The download loop both pulls share: free-space check, then each file fetched or reused in order. */
    private PullResult fetchAll(Source source, List<PlannedFile> plan, Path folder, PullListener listener)
            throws PullException, InterruptedException {
        RepoRevision at = source.at();
        LocalFiles.call(folder, () -> Files.createDirectories(folder));
        long total = plan.stream().mapToLong(f -> f.source().size()).sum();
        checkFreeSpace(folder, plan);
        listener.planned(plan.size(), total);

        FileDownloader downloader = new FileDownloader(http, retry, listener);
        int downloaded = 0;
        int reused = 0;
        long bytesDownloaded = 0;
        long bytesReused = 0;
        for (PlannedFile file : plan) {
            FileDownloader.Outcome outcome;
            try {
                outcome = downloader.fetch(at, file, folder);
            } catch (IOException e) {
                throw networkFailure(
                        e,
                        "downloading " + file.target(),
                        " (the partial download is kept: pull again to resume)",
                        source);
            }
            if (outcome.reused()) {
                reused++;
            } else {
                downloaded++;
            }
            bytesDownloaded += outcome.bytesDownloaded();
            bytesReused += outcome.bytesReused();
        }
        List<String> files = plan.stream().map(PlannedFile::target).toList();
        log.debug("pulled {} into {}: {} files downloaded, {} reused", at.repo(), folder, downloaded, reused);
        return new PullResult(
                at.repo().value(), at.revision(), folder, files, downloaded, bytesDownloaded, reused, bytesReused);
    }

    private List<RepoFile> list(Source source) throws PullException, InterruptedException {
        try {
            return new TreeListing(http, retry).list(source.at());
        } catch (IOException e) {
            throw networkFailure(e, "listing the files of " + source.at().repo(), "", source);
        }
    }

    private PullException networkFailure(IOException e, String what, String hint, Source source) {
        if (HubErrors.isUnreachable(e)) {
            return HubErrors.unreachable(settings.endpoint(), e, source.offlineAdvice());
        }
        return new PullException(
                PullException.Reason.TRANSFER,
                what + " failed after " + retry.attempts() + " attempts: " + HubErrors.describe(e) + hint,
                e);
    }

    /** Checked before anything is listed, so a mistyped folder costs no network and creates nothing. */
    private static void requireModelFolder(Path folder) throws PullException {
        if (!Files.isDirectory(folder)) {
            throw new PullException(
                    PullException.Reason.NOT_A_MODEL,
                    "model folder " + folder + " does not exist: pull the model first (`easel pull OWNER/NAME"
                            + " --taesd` does both) or check the path");
        }
        if (!Files.isRegularFile(folder.resolve(FileSelector.REQUIRED))) {
            throw new PullException(
                    PullException.Reason.NOT_A_MODEL,
                    folder + " is not a model folder (no " + FileSelector.REQUIRED + ")");
        }
    }

    /** Deletes the regular files of {@code dir} other than {@code keep}; subfolders are left alone. */
    private static void removeOthers(Path dir, List<Path> keep) throws PullException {
        List<Path> stale = LocalFiles.call(dir, () -> {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.filter(Files::isRegularFile)
                        .filter(p -> !keep.contains(p))
                        .toList();
            }
        });
        for (Path file : stale) {
            LocalFiles.call(file, () -> Files.deleteIfExists(file));
            log.debug("removed {}, left from an earlier download", file);
        }
    }

    /** Fails early rather than after gigabytes: counts files not yet at full size, minus kept parts. */
    private static void checkFreeSpace(Path folder, List<PlannedFile> plan) throws PullException {
        long needed = LocalFiles.call(folder, () -> {
            long sum = 0;
            for (PlannedFile file : plan) {
                Path target = folder.resolve(file.target());
                Path part = target.resolveSibling(target.getFileName() + ".part");
                long size = file.source().size();
                if (!Files.isRegularFile(target) || Files.size(target) != size) {
                    sum += size - (Files.isRegularFile(part) ? Math.min(size, Files.size(part)) : 0);
                }
            }
            return sum;
        });
        long usable = LocalFiles.call(folder, () -> Files.getFileStore(folder).getUsableSpace());
        if (needed > usable) {
            throw new PullException(
                    PullException.Reason.LOCAL_IO,
                    String.format(
                            Locale.ROOT,
                            "not enough disk space in %s: the pull needs %.1f GB more, %.1f GB are free",
                            folder,
                            needed / 1e9,
                            usable / 1e9));
        }
    }

    @Override
    public String toString() {
        return "HubClient[" + settings + "]";
    }
}
