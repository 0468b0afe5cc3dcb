package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Every Images API stream event Easel emits: one record per OpenAI event type, each a member of
 * the SDKs' {@code ImageGenStreamEvent} or {@code ImageEditStreamEvent} union (a test reads the
 * unions from the pinned npm package). Each carries what was made ({@code background},
 * {@code output_format}, {@code quality}, {@code size}), not what was asked. {@code b64Json} is the
 * image file itself: JSON carries it in base64, which Jackson writes from these bytes straight into
 * the rendered event (standard alphabet, padded, no line breaks, as {@link java.util.Base64}), so no
 * base64 string of the whole image is ever made.
 */
public sealed interface ImageStreamEvent {
    @JsonProperty("type")
    String type();

    /** One of the engine's real previews. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({
        "type",
        "b64_json",
        "created_at",
        "background",
        "output_format",
        "quality",
        "size",
        "partial_image_index"
    })
    record GenerationPartialImage(
            byte[] b64Json,
            long createdAt,
            String background,
            String outputFormat,
            String quality,
            String size,
            int partialImageIndex)
            implements ImageStreamEvent {
        @Override
        public String type() {
            return "image_generation.partial_image";
        }
    }

    /** A finished image, with the usage of this one image. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({
        "type",
        "b64_json",
        "created_at",
        "background",
        "output_format",
        "quality",
        "size",
        "usage",
        "safety_identifier"
    })
    record GenerationCompleted(
            byte[] b64Json,
            long createdAt,
            String background,
            String outputFormat,
            String quality,
            String size,
            ImageUsage usage,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> safetyIdentifier)
            implements ImageStreamEvent {
        @Override
        public String type() {
            return "image_generation.completed";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({
        "type",
        "b64_json",
        "created_at",
        "background",
        "output_format",
        "quality",
        "size",
        "partial_image_index"
    })
    record EditPartialImage(
            byte[] b64Json,
            long createdAt,
            String background,
            String outputFormat,
            String quality,
            String size,
            int partialImageIndex)
            implements ImageStreamEvent {
        @Override
        public String type() {
            return "image_edit.partial_image";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({
        "type",
        "b64_json",
        "created_at",
        "background",
        "output_format",
        "quality",
        "size",
        "usage",
        "safety_identifier"
    })
    record EditCompleted(
            byte[] b64Json,
            long createdAt,
            String background,
            String outputFormat,
            String quality,
            String size,
            ImageUsage usage,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> safetyIdentifier)
            implements ImageStreamEvent {
        @Override
        public String type() {
            return "image_edit.completed";
        }
    }
}
