package dev.easel.safety.provenance;

/** The IPTC digital source types a manifest's actions state (IPTC NewsCodes, digitalsourcetype). */
public enum DigitalSourceType {
    /** Made by a model trained on data: every generated image. */
    TRAINED_ALGORITHMIC_MEDIA("trainedAlgorithmicMedia"),
    /** Trained-model output mixed with other media: an edit of an uploaded or earlier image. */
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA("compositeWithTrainedAlgorithmicMedia"),
    /** Made by an algorithm that learnt nothing from data: an exactly drawn chart. */
    ALGORITHMIC_MEDIA("algorithmicMedia");

    private static final String PREFIX = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    private final String code;

    DigitalSourceType(String code) {
        this.code = code;
    }

    /** The full IPTC URI, e.g. {@code http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia}. */
    public String uri() {
        return PREFIX + code;
    }
}
