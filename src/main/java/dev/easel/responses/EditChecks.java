package dev.easel.responses;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import dev.easel.tools.ConversationImage;
import dev.easel.wire.ApiException;
import java.util.Optional;

/** What is checked of an edit's images when its response is created, before anything runs. */
final class EditChecks {
    private EditChecks() {}

    /**
     * A masked edit's image, decoded now so that a mask of another size is a 400 before anything
     * runs (the run then uses these pixels, decoded once).
     */
    static Optional<ConversationImage> checkedImage(
            CreateResponse request, Optional<ConversationImage> image, Optional<Mask> mask) {
        boolean edits =
                request.imageTool().map(t -> !t.action().equals("generate")).orElse(false);
        if (mask.isEmpty() || image.isEmpty() || !edits) {
            return image;
        }
        RgbImage pixels = image.get().pixels().get();
        Mask m = mask.get();
        if (m.width() != pixels.width() || m.height() != pixels.height()) {
            throw ApiException.invalid(
                    imageParam(request, "input_image_mask"),
                    "The mask is " + m.width() + "x" + m.height() + " but the image to edit is " + pixels.width() + "x"
                            + pixels.height() + ".");
        }
        return Optional.of(new ConversationImage(() -> pixels, image.get().imageId()));
    }

    static String imageParam(CreateResponse request, String field) {
        return "tools[" + request.imageToolIndex() + "]." + field;
    }
}
