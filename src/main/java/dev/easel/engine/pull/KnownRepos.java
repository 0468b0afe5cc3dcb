package dev.easel.engine.pull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The public ONNX exports Easel knows, with each one's family and licence, so {@code easel pull}
 * can show the licence before downloading and ask for {@code --accept-license} where it restricts
 * use. A repository not listed here still pulls; Easel then knows nothing of its licence.
 */
public final class KnownRepos {

    /**
     * One repository.
     *
     * @param id owner/name on the Hub
     * @param family what it is (the family Easel detects from its files, and the variant)
     * @param licence the licence's name
     * @param licenceUrl where to read it
     * @param restricted whether the licence restricts use (field-of-use rules, revenue caps, an
     *     acceptable-use policy), so that pulling needs {@code --accept-license}
     * @param note anything else a user should know before pulling, or empty
     */
    public record KnownRepo(
            String id, String family, String licence, String licenceUrl, boolean restricted, String note) {

        /** One line for the terminal: what it is and its licence. */
        public String describe() {
            return id + ": " + family + "; licence: " + licence + " (" + licenceUrl + ")"
                    + (restricted ? ", which restricts use" : "") + (note.isEmpty() ? "" : "; " + note);
        }
    }

    private static final String STABILITY_COMMUNITY = "Stability AI Community License";
    private static final String OPENRAIL_PLUS = "CreativeML Open RAIL++-M License";

    private static final List<KnownRepo> REPOS = List.of(
            new KnownRepo(
                    "stabilityai/sdxl-turbo",
                    "SDXL-Turbo (sdxl, turbo: 512², 1-4 steps)",
                    STABILITY_COMMUNITY,
                    "https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md",
                    true,
                    ""),
            new KnownRepo(
                    "stabilityai/sd-turbo",
                    "SD-Turbo (sd1 family, SD 2.1 distilled: 512², 1-4 steps)",
                    STABILITY_COMMUNITY,
                    "https://huggingface.co/stabilityai/sd-turbo/blob/main/LICENSE.md",
                    true,
                    ""),
            new KnownRepo(
                    "stabilityai/stable-diffusion-xl-base-1.0",
                    "SDXL 1.0 base (sdxl: 1024², 25 steps, guidance 7.5; the refiner is not used)",
                    OPENRAIL_PLUS,
                    "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
                    true,
                    ""),
            new KnownRepo(
                    "onnxruntime/sdxl-turbo",
                    "SDXL-Turbo, the ONNX Runtime team's float16 build",
                    STABILITY_COMMUNITY,
                    "https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md",
                    true,
                    "float16, optimized for CUDA (its graphs use CUDA-only operators): run it with --device cuda"),
            new KnownRepo(
                    "onnxruntime/sd-turbo",
                    "SD-Turbo, the ONNX Runtime team's float16 build",
                    STABILITY_COMMUNITY,
                    "https://huggingface.co/stabilityai/sd-turbo/blob/main/LICENSE.md",
                    true,
                    "float16, optimized for CUDA (its graphs use CUDA-only operators): run it with --device cuda"),
            new KnownRepo(
                    "deinferno/taesd-onnx",
                    "TAESD decoder for SD 1.x / 2.x latents (easel pull --taesd)",
                    "MIT",
                    "https://github.com/madebyollin/taesd/blob/main/LICENSE",
                    false,
                    ""));

    private KnownRepos() {}

    /** Every known repository, in the order {@code easel pull --list} shows them. */
    public static List<KnownRepo> all() {
        return REPOS;
    }

    /** The entry of {@code id} (owner/name, compared without regard to case), or empty. */
    public static Optional<KnownRepo> find(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return REPOS.stream()
                .filter(r -> r.id().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }
}
