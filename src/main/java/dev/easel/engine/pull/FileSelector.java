package dev.easel.engine.pull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks from a repository listing the files the ONNX pipeline loads, so a repository that also holds
 * PyTorch / Flax weights does not cost gigabytes of unused downloads.
 *
 * <ul>
 *   <li>{@code model_index.json}, and the direct contents of {@code tokenizer/}, {@code tokenizer_2/}
 *       and {@code scheduler/} (minus weight files and images);</li>
 *   <li>in each component folder ({@link #COMPONENTS}), direct children that are ONNX graphs
 *       ({@code *.onnx}), their external data ({@code *.onnx_data}, {@code *.onnx.data}, {@code *.data},
 *       {@code *.pb}, extension-less per-tensor files such as {@code onnx__MatMul_123}) and json configs
 *       up to 1 MiB. Per-tensor external files with dotted names are not recognized; the exports of
 *       Optimum and diffusers use one data file per graph.</li>
 * </ul>
 *
 * <p>The export must have {@code unet/model.onnx} at the repository root or under {@code onnx/}. In the
 * latter case the {@code onnx/} prefix is dropped locally, and {@code model_index.json}, tokenizers and
 * scheduler come from {@code onnx/} when present there, else from the root.
 */
final class FileSelector {

    static final List<String> COMPONENTS = List.of(
            "text_encoder",
            "text_encoder_2",
            "unet",
            "vae_decoder",
            "vae_encoder",
            "taesd_decoder",
            "vae_taesd_decoder",
            "taesdxl_decoder");
    static final List<String> SUPPORT_FOLDERS = List.of("tokenizer", "tokenizer_2", "scheduler");
    static final String MODEL_INDEX = "model_index.json";
    static final String REQUIRED = "unet/model.onnx";
    private static final String ONNX_PREFIX = "onnx/";
    private static final long MAX_CONFIG_BYTES = 1 << 20;
    private static final Set<String> NEVER = Set.of(
            "safetensors",
            "bin",
            "ckpt",
            "msgpack",
            "h5",
            "pt",
            "pth",
            "gguf",
            "ot",
            "png",
            "jpg",
            "jpeg",
            "webp",
            "gif");

    private FileSelector() {}

    static List<PlannedFile> select(RepoRevision at, List<RepoFile> listing) throws PullException {
        String prefix;
        if (contains(listing, REQUIRED)) {
            prefix = "";
        } else if (contains(listing, ONNX_PREFIX + REQUIRED)) {
            prefix = ONNX_PREFIX;
        } else {
            throw new PullException(
                    PullException.Reason.NOT_ONNX,
                    at.repo() + " at revision '" + at.revision()
                            + "' is not an ONNX export (no " + REQUIRED
                            + "): look for a repository with an onnx/ layout"
                            + " (unet/model.onnx, vae_decoder/model.onnx, ...), e.g. one written by"
                            + " `optimum-cli export onnx`, or check whether another --revision (such as 'onnx') holds one");
        }
        List<PlannedFile> chosen = new ArrayList<>();
        for (RepoFile file : listing) {
            if (!file.path().startsWith(prefix)) {
                continue;
            }
            String local = file.path().substring(prefix.length());
            if (isComponentFile(local, file.size()) || isSupportFile(local)) {
                chosen.add(new PlannedFile(file, local));
            }
        }
        if (!prefix.isEmpty()) {
            // Items the ONNX folder lacks are taken from the root, where diffusers keeps them.
            Set<String> present = chosen.stream().map(p -> itemOf(p.target())).collect(Collectors.toSet());
            for (RepoFile file : listing) {
                if (isSupportFile(file.path()) && !present.contains(itemOf(file.path()))) {
                    chosen.add(new PlannedFile(file));
                }
            }
        }
        chosen.sort(Comparator.comparing(PlannedFile::target));
        return List.copyOf(chosen);
    }

    private static boolean isComponentFile(String path, long size) {
        String[] parts = path.split("/");
        return parts.length == 2 && COMPONENTS.contains(parts[0]) && isGraphOrConfig(parts[1], size);
    }

    /**
     * Whether a file of a component folder is one the pipeline loads: an ONNX graph, its external data
     * or a json config up to 1 MiB (shared with {@link TaesdFiles}).
     */
    static boolean isGraphOrConfig(String fileName, long size) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".onnx")
                || name.contains(".onnx_data")
                || name.contains(".onnx.data")
                || name.endsWith(".data")
                || name.endsWith(".pb")
                || !name.contains(".")
                || name.endsWith(".json") && size <= MAX_CONFIG_BYTES;
    }

    private static boolean isSupportFile(String path) {
        if (path.equals(MODEL_INDEX)) {
            return true;
        }
        String[] parts = path.split("/");
        if (parts.length != 2 || !SUPPORT_FOLDERS.contains(parts[0])) {
            return false;
        }
        int dot = parts[1].lastIndexOf('.');
        return dot < 0 || !NEVER.contains(parts[1].substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The unit a support file is taken as: the index file itself, or its whole folder. */
    private static String itemOf(String supportPath) {
        int slash = supportPath.indexOf('/');
        return slash < 0 ? supportPath : supportPath.substring(0, slash);
    }

    private static boolean contains(List<RepoFile> listing, String path) {
        return listing.stream().anyMatch(f -> f.path().equals(path));
    }
}
