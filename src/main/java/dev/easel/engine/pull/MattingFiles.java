package dev.easel.engine.pull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks from a matting model's repository (the Hugging Face layout of {@code onnx-community}'s
 * exports: the graph in {@code onnx/}, {@code preprocessor_config.json} and the model card at the
 * root) what the engine loads, renamed into {@code <folder>/}: the float32 graph
 * ({@code onnx/model.onnx}, else {@code model.onnx}, else the float16 {@code onnx/model_fp16.onnx},
 * which the engine converts once) as {@code model.onnx} with its external data files, the
 * preprocessing file, and the model card {@code README.md}, whose {@code license:} the pull shows.
 * Quantized and other variants stay on the Hub.
 */
final class MattingFiles {
    static final List<String> GRAPHS =
            List.of("onnx/model.onnx", "model.onnx", "onnx/model_fp16.onnx", "model_fp16.onnx");
    static final String PREPROCESSOR = "preprocessor_config.json";
    static final String CARD = "README.md";

    private MattingFiles() {}

    /** @param folder where the files go, relative to the download folder (e.g. {@code matting}) */
    static List<PlannedFile> select(RepoRevision at, List<RepoFile> listing, String folder) throws PullException {
        if (find(listing, FileSelector.REQUIRED).isPresent()
                || find(listing, "onnx/" + FileSelector.REQUIRED).isPresent()) {
            throw new PullException(
                    PullException.Reason.NOT_ONNX,
                    at.repo() + " is a Stable Diffusion export, not a matting model: use a background-removal export"
                            + " such as onnx-community/BiRefNet_lite-ONNX with --matting-repo");
        }
        Optional<RepoFile> graph = GRAPHS.stream()
                .map(path -> find(listing, path))
                .flatMap(Optional::stream)
                .findFirst();
        if (graph.isEmpty()) {
            List<String> onnx = listing.stream()
                    .map(RepoFile::path)
                    .filter(p -> p.endsWith(".onnx"))
                    .limit(8)
                    .toList();
            throw new PullException(
                    PullException.Reason.NOT_ONNX,
                    at.repo() + " at revision '" + at.revision() + "' has no matting graph (none of " + GRAPHS + "; its"
                            + " .onnx files: " + onnx + "): --matting-repo needs an ONNX background-removal export in"
                            + " the Hugging Face layout, e.g. onnx-community/BiRefNet_lite-ONNX");
        }
        RepoFile g = graph.get();
        List<PlannedFile> chosen = new ArrayList<>();
        chosen.add(new PlannedFile(g, folder + "/model.onnx"));
        for (RepoFile file : listing) {
            // External data keeps its name: the graph refers to it by name.
            if (file.folder().equals(g.folder())
                    && !file.path().equals(g.path())
                    && file.name().startsWith(g.name())
                    && FileSelector.isGraphOrConfig(file.name(), file.size())) {
                chosen.add(new PlannedFile(file, folder + "/" + file.name()));
            }
        }
        String graphFolder = g.folder().isEmpty() ? "" : g.folder() + "/";
        find(listing, graphFolder + PREPROCESSOR)
                .or(() -> find(listing, PREPROCESSOR))
                .ifPresent(f -> chosen.add(new PlannedFile(f, folder + "/" + PREPROCESSOR)));
        find(listing, CARD).ifPresent(f -> chosen.add(new PlannedFile(f, folder + "/" + CARD)));
        chosen.sort(Comparator.comparing(PlannedFile::target));
        return List.copyOf(chosen);
    }

    private static Optional<RepoFile> find(List<RepoFile> listing, String path) {
        return listing.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
