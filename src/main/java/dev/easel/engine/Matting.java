package dev.easel.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.TensorInfo;
import dev.easel.media.Alpha;
import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A matting (background-removal) model beside the diffusion models, shared by all of them: it
 * turns a finished picture into the alpha of a transparent background. The export's layout is
 * recognised from its input and output names ({@link MattingLayout}); its input size comes from the
 * model's input shape when fixed, else from {@code preprocessor_config.json} beside it (the Hugging
 * Face layout: {@code size}, {@code image_mean}, {@code image_std}, {@code do_rescale},
 * {@code rescale_factor}, {@code do_normalize}), else from the layout.
 *
 * <p>The alpha of a picture: the picture resized to the model's input ({@link Resampling}: area
 * averaging where it shrinks, bilinear where it grows), its 0..255
 * values times the rescale factor (1/255), less the mean, over the deviation, in planar RGB; the
 * output's first channel, through a sigmoid for logits and clamped to [0, 1] otherwise, resized to
 * the picture's size the same way, times 255, rounded. No stretching of the mask's range (rembg
 * stretches it to min-max): the alpha is what the model says. Thread-safe.
 */
public final class Matting implements AutoCloseable {
    private final OnnxModel model;
    private final OrtEnvironment env;
    private final MattingLayout layout;
    private final Path file;
    private final int width;
    private final int height;
    private final float rescale;
    private final float[] mean;
    private final float[] std;

    private Matting(OnnxModel model, OrtEnvironment env, Path file, Preprocessing prep) {
        this.model = model;
        this.env = env;
        this.file = file;
        this.layout = MattingLayout.detect(model.inputNames(), model.outputNames(), file.toString());
        TensorInfo input = model.requireInput(layout.input());
        model.requireFloat(input, layout.input());
        model.requireFloat(model.outputInfo(layout.output()), layout.output());
        long[] shape = input.getShape();
        if (shape.length != 4 || shape[1] > 0 && shape[1] != 3) {
            throw new ModelLoadException("the matting model " + file + "'s input " + layout.input() + " is "
                    + java.util.Arrays.toString(shape) + "; expected one RGB image [1, 3, H, W]");
        }
        int rank = model.outputInfo(layout.output()).getShape().length;
        if (rank < 2 || rank > 4) {
            throw new ModelLoadException("the matting model " + file + "'s output " + layout.output() + " has rank "
                    + rank + "; expected a mask [1, 1, H, W]");
        }
        // A fixed input shape is what the model takes, whatever a config says.
        this.height = shape[2] > 0 ? (int) shape[2] : prep.height().orElse(layout.size());
        this.width = shape[3] > 0 ? (int) shape[3] : prep.width().orElse(layout.size());
        this.rescale = prep.rescale();
        this.mean = prep.normalize() ? prep.mean().orElse(layout.mean()) : new float[3];
        this.std = prep.normalize() ? prep.std().orElse(layout.std()) : new float[] {1, 1, 1};
    }

    /**
     * Opens a matting model: a folder holding {@code model.onnx} (and perhaps its
     * {@code preprocessor_config.json}), or an {@code .onnx} file.
     *
     * @throws ModelLoadException for a missing file, a broken one, or a layout Easel does not know
     */
    public static Matting open(OrtRuntime runtime, Path location) {
        Path file = Files.isDirectory(location) ? location.resolve("model.onnx") : location;
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("no matting model at " + location + " (expected a folder with model.onnx, or"
                    + " an .onnx file); `easel pull --matting` fetches one");
        }
        Preprocessing prep = Files.isDirectory(location)
                ? Preprocessing.read(location.resolve("preprocessor_config.json"))
                : Preprocessing.NONE;
        return OnnxModel.open(runtime, file, "matting").into(m -> new Matting(m, runtime.environment(), file, prep));
    }

    /** The alpha {@code image} gets: the model's mask at the image's size. */
    public Alpha alpha(RgbImage image) {
        RgbImage in = Resampling.resize(image, width, height);
        int plane = width * height;
        float[] x = new float[3 * plane];
        byte[] rgb = in.rgb();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                x[c * plane + i] = ((rgb[i * 3 + c] & 0xFF) * rescale - mean[c]) / std[c];
            }
        }
        OnnxModel.FloatOutput out;
        try (OnnxTensor tensor = Tensors.floats(env, x, 1, 3, height, width)) {
            out = model.runForShapedFloats(Map.of(layout.input(), tensor), layout.output(), new StageTimings());
        }
        long[] shape = out.shape();
        int oh = (int) shape[shape.length - 2];
        int ow = (int) shape[shape.length - 1];
        float[] mask = new float[oh * ow]; // the first channel of the first image
        for (int i = 0; i < mask.length; i++) {
            float v = out.values()[i];
            mask[i] = layout.logits() ? (float) (1 / (1 + Math.exp(-v))) : Math.clamp(v, 0f, 1f);
        }
        float[] sized = Resampling.resize(mask, ow, oh, image.width(), image.height());
        return Alpha.fromCoverage(sized, image.width(), image.height());
    }

    /** What was loaded, for the log and the models listing: layout, file and input size. */
    public String description() {
        return layout.name() + " matting model " + file + " (" + layout.input() + " " + width + "x" + height + " → "
                + layout.output() + (layout.logits() ? ", logits" : "") + ")";
    }

    /** The recognised layout's name: {@code birefnet}, {@code u2net} or {@code isnet}. */
    public String layout() {
        return layout.name();
    }

    @Override
    public void close() {
        model.close();
    }

    /** What a {@code preprocessor_config.json} says; each absent field leaves the layout's default. */
    private record Preprocessing(
            java.util.Optional<Integer> width,
            java.util.Optional<Integer> height,
            float rescale,
            boolean normalize,
            java.util.Optional<float[]> mean,
            java.util.Optional<float[]> std) {
        static final Preprocessing NONE = new Preprocessing(
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                1 / 255f,
                true,
                java.util.Optional.empty(),
                java.util.Optional.empty());

        static Preprocessing read(Path file) {
            if (!Files.exists(file)) {
                return NONE;
            }
            JsonNode c;
            try {
                c = JsonMapper.shared().readTree(Files.readString(file));
            } catch (IOException | RuntimeException e) {
                throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
            }
            JsonNode size = c.path("size");
            java.util.Optional<Integer> w = size.isInt()
                    ? java.util.Optional.of(size.asInt())
                    : size.path("width").isInt()
                            ? java.util.Optional.of(size.path("width").asInt())
                            : java.util.Optional.empty();
            java.util.Optional<Integer> h = size.isInt()
                    ? java.util.Optional.of(size.asInt())
                    : size.path("height").isInt()
                            ? java.util.Optional.of(size.path("height").asInt())
                            : java.util.Optional.empty();
            boolean doRescale = c.path("do_rescale").asBoolean(true);
            float factor = (float) c.path("rescale_factor").asDouble(1 / 255.0);
            return new Preprocessing(
                    w,
                    h,
                    doRescale ? factor : 1f,
                    c.path("do_normalize").asBoolean(true),
                    triple(c.path("image_mean"), file),
                    triple(c.path("image_std"), file));
        }

        private static java.util.Optional<float[]> triple(JsonNode node, Path file) {
            if (node.isMissingNode() || node.isNull()) {
                return java.util.Optional.empty();
            }
            if (node.isNumber()) {
                float v = (float) node.asDouble();
                return java.util.Optional.of(new float[] {v, v, v});
            }
            if (!node.isArray() || node.size() != 3) {
                throw new ModelLoadException(file + ": image_mean and image_std must be a number or three numbers");
            }
            return java.util.Optional.of(new float[] {
                (float) node.get(0).asDouble(),
                (float) node.get(1).asDouble(),
                (float) node.get(2).asDouble()
            });
        }
    }
}
