package dev.easel.engine.pull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks from a TAESD repository's listing the decoder to add to a model folder: the direct graph,
 * external-data and config files of {@code vae_decoder/} (the layout of diffusers' AutoencoderTiny
 * exported by Optimum, e.g. {@code deinferno/taesd-onnx}), renamed into {@link #FOLDER}. When
 * {@code vae_decoder/} has no {@code config.json} the repository's root one is taken instead, since
 * the engine reads the decoder's output range from it ({@code AutoencoderTiny}: [-1, 1], else the
 * original TAESD's [0, 1]). The encoder and everything else stay on the Hub.
 */
final class TaesdFiles {

    /** Where the engine looks for the decoder in a model folder. */
    static final String FOLDER = "taesd_decoder";

    static final String SOURCE = "vae_decoder";
    static final String REQUIRED = SOURCE + "/model.onnx";
    static final String CONFIG = "config.json";

    private TaesdFiles() {}

    static List<PlannedFile> select(RepoRevision at, List<RepoFile> listing) throws PullException {
        if (contains(listing, FileSelector.REQUIRED) || contains(listing, "onnx/" + FileSelector.REQUIRED)) {
            throw new PullException(
                    PullException.Reason.NOT_ONNX,
                    at.repo() + " is a full Stable Diffusion export, not a TAESD decoder: its vae_decoder/ is"
                            + " the full VAE; use a TAESD export such as deinferno/taesd-onnx with --taesd-repo");
        }
        if (!contains(listing, REQUIRED)) {
            throw new PullException(
                    PullException.Reason.NOT_ONNX,
                    at.repo() + " at revision '" + at.revision() + "' has no TAESD decoder (no " + REQUIRED
                            + "): --taesd-repo needs an ONNX export of diffusers' AutoencoderTiny in the"
                            + " vae_decoder/ layout, e.g. deinferno/taesd-onnx");
        }
        List<PlannedFile> chosen = new ArrayList<>();
        for (RepoFile file : listing) {
            if (file.folder().equals(SOURCE) && FileSelector.isGraphOrConfig(file.name(), file.size())) {
                chosen.add(new PlannedFile(file, FOLDER + "/" + file.name()));
            }
        }
        String config = FOLDER + "/" + CONFIG;
        if (chosen.stream().noneMatch(p -> p.target().equals(config))) {
            listing.stream()
                    .filter(f -> f.path().equals(CONFIG) && FileSelector.isGraphOrConfig(f.name(), f.size()))
                    .findFirst()
                    .ifPresent(f -> chosen.add(new PlannedFile(f, config)));
        }
        chosen.sort(Comparator.comparing(PlannedFile::target));
        return List.copyOf(chosen);
    }

    private static boolean contains(List<RepoFile> listing, String path) {
        return listing.stream().anyMatch(f -> f.path().equals(path));
    }
}
