package dev.easel.queue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.easel.charts.Series;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationCancelledException;
import dev.easel.engine.ImagePrompt;
import dev.easel.engine.Init;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.ReferenceSupport;
import dev.easel.engine.SourceImage;
import dev.easel.engine.StageTimings;
import dev.easel.images.ImageTask;
import dev.easel.images.ModelView;
import dev.easel.wire.ApiException;
import dev.easel.wire.ErrorObject;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * What travels between API nodes and engine workers, as CBOR (binary: pixels, latents and masks go as they
 * are, not as text): the {@link ImageTask} a worker runs, the previews and images it makes, how it failed, and
 * the models a worker serves as the API nodes plan by them ({@link ModelView}).
 * The engine's records are written as they are; their sealed families carry a type name.
 */
final class TaskCodec {
    private static final CBORMapper MAPPER = CBORMapper.builder()
            .addMixIn(Init.class, InitTypes.class)
            .addMixIn(Init.MaskChoice.class, MaskTypes.class)
            .addMixIn(SourceImage.class, SourceTypes.class)
            .addMixIn(ImagePrompt.class, PromptTypes.class)
            .addMixIn(ImageTask.Finish.class, FinishTypes.class)
            .addMixIn(Series.class, SeriesTypes.class)
            .addMixIn(StageTimings.class, TimingsAsSnapshot.class)
            .addMixIn(ReferenceSupport.class, ReferenceTypes.class)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private TaskCodec() {}

    static byte[] task(ImageTask task) {
        return MAPPER.writeValueAsBytes(task);
    }

    static ImageTask task(byte[] bytes) {
        return MAPPER.readValue(bytes, ImageTask.class);
    }

    static byte[] preview(PreviewImage preview) {
        return MAPPER.writeValueAsBytes(preview);
    }

    static PreviewImage preview(byte[] bytes) {
        return MAPPER.readValue(bytes, PreviewImage.class);
    }

    static byte[] image(GeneratedImage image) {
        return MAPPER.writeValueAsBytes(image);
    }

    static GeneratedImage image(byte[] bytes) {
        return MAPPER.readValue(bytes, GeneratedImage.class);
    }

    /** A failure as the API node rethrows it: the error object of an {@link ApiException}, or a cancel. */
    record Failure(
            boolean cancelled,
            int completedSteps,
            int status,
            ApiException.ErrorType type,
            Optional<String> code,
            Optional<String> param,
            String message,
            Optional<ErrorObject.ModerationDetails> moderation) {

        static Failure of(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (cause instanceof GenerationCancelledException c) {
                return new Failure(
                        true,
                        c.completedSteps(),
                        499,
                        ApiException.ErrorType.SERVER,
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        Optional.empty());
            }
            ApiException api = cause instanceof ApiException a
                    ? a
                    : ApiException.server("The image engine failed while making this image.");
            ErrorObject error = api.toErrorObject();
            return new Failure(
                    false,
                    0,
                    api.status(),
                    api.type(),
                    api.code(),
                    api.param(),
                    error.message(),
                    error.moderationDetails());
        }

        RuntimeException exception() {
            if (cancelled) {
                return new GenerationCancelledException(completedSteps);
            }
            if (moderation.isPresent()) {
                return ApiException.moderationBlocked(
                        moderation.get().moderationStage(), moderation.get().categories());
            }
            return new ApiException(status, type, code, param, message);
        }
    }

    static byte[] model(ModelView model) {
        return MAPPER.writeValueAsBytes(model);
    }

    static ModelView model(byte[] bytes) {
        return MAPPER.readValue(bytes, ModelView.class);
    }

    static byte[] failure(Failure failure) {
        return MAPPER.writeValueAsBytes(failure);
    }

    static Failure failure(byte[] bytes) {
        return MAPPER.readValue(bytes, Failure.class);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Init.Noise.class, name = "noise"),
        @JsonSubTypes.Type(value = Init.Edit.class, name = "edit")
    })
    private interface InitTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Init.WholeImage.class, name = "whole"),
        @JsonSubTypes.Type(value = Init.Masked.class, name = "masked")
    })
    private interface MaskTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = SourceImage.PixelsOnly.class, name = "pixels"),
        @JsonSubTypes.Type(value = SourceImage.Known.class, name = "known")
    })
    private interface SourceTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ImagePrompt.None.class, name = "none"),
        @JsonSubTypes.Type(value = ImagePrompt.References.class, name = "references")
    })
    private interface PromptTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ImageTask.Finish.AsMade.class, name = "as_made"),
        @JsonSubTypes.Type(value = ImageTask.Finish.Overlaid.class, name = "overlaid")
    })
    private interface FinishTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Series.Values.class, name = "values"),
        @JsonSubTypes.Type(value = Series.Candles.class, name = "candles")
    })
    private interface SeriesTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ReferenceSupport.Unsupported.class, name = "unsupported"),
        @JsonSubTypes.Type(value = ReferenceSupport.IpAdapter.class, name = "ip_adapter")
    })
    private interface ReferenceTypes {}

    private abstract static class TimingsAsSnapshot {
        @JsonValue
        abstract StageTimings.Snapshot snapshot();

        @JsonCreator
        static StageTimings of(StageTimings.Snapshot snapshot) {
            return StageTimings.of(snapshot);
        }
    }
}
