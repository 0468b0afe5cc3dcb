package dev.easel.images;

import dev.easel.engine.ModelInfo;
import dev.easel.engine.ReferenceSupport;

/**
 * What planning an image needs to know of a model and of the engine that will make it, wherever that
 * engine runs: on this process ({@link ImageService#describe} of a loaded model) or on an engine worker,
 * which announces it for the API nodes ({@link RemoteEngine#describe}), so that an API node loads no model.
 *
 * @param info what the model is and accepts: sizes, steps, defaults, whether it can edit
 * @param references whether reference images can steer it
 * @param canMatte whether the engine has a matting model, so that a transparent background can be made
 */
public record ModelView(ModelInfo info, ReferenceSupport references, boolean canMatte) {
    public ModelView {
        java.util.Objects.requireNonNull(info, "info");
        java.util.Objects.requireNonNull(references, "references");
    }
}
