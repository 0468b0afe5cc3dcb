package dev.easel.engine.sched;

import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads diffusers scheduler_config.json text into a {@link SchedulerConfig}. Stateless, thread-safe. */
final class ConfigJson {

    private static final Logger log = LoggerFactory.getLogger(ConfigJson.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ConfigJson() {}

    static SchedulerConfig parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("scheduler config is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scheduler config must be a JSON object");
        }
        JsonNode name = root.get("_class_name");
        if (name == null || !name.isString() || name.stringValue().isBlank()) {
            throw new IllegalArgumentException("scheduler config lacks a _class_name string");
        }
        JsonNode trained = root.get("trained_betas");
        if (trained != null && !trained.isNull()) {
            throw new IllegalArgumentException("trained_betas is not supported");
        }
        warnAboutIgnoredOptions(root);
        SchedulerConfig d = ClassDefaults.of(name.stringValue());
        return new SchedulerConfig(
                d.className(),
                intOr(root, "num_train_timesteps", d.numTrainTimesteps()),
                doubleOr(root, "beta_start", d.betaStart()),
                doubleOr(root, "beta_end", d.betaEnd()),
                enumOr(root, "beta_schedule", d.betaSchedule()),
                enumOr(root, "prediction_type", d.predictionType()),
                enumOr(root, "timestep_spacing", d.timestepSpacing()),
                intOr(root, "steps_offset", d.stepsOffset()),
                booleanOr(root, "set_alpha_to_one", d.setAlphaToOne()),
                booleanOr(root, "clip_sample", d.clipSample()),
                doubleOr(root, "clip_sample_range", d.clipSampleRange()),
                intOr(root, "original_inference_steps", d.originalInferenceSteps()),
                doubleOr(root, "timestep_scaling", d.timestepScaling()));
    }

    /** Options that change diffusers' numerics but that Easel does not implement: sampling proceeds without them. */
    private static void warnAboutIgnoredOptions(JsonNode root) {
        for (String flag : new String[] {
            "use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas", "rescale_betas_zero_snr", "thresholding"
        }) {
            JsonNode value = root.get(flag);
            if (value != null && value.isBoolean() && value.booleanValue()) {
                log.warn("scheduler config sets {}=true, which Easel ignores", flag);
            }
        }
        expectString(root, "interpolation_type", "linear");
        expectString(root, "timestep_type", "discrete");
        expectString(root, "final_sigmas_type", "zero");
    }

    private static void expectString(JsonNode root, String key, String supported) {
        JsonNode value = root.get(key);
        if (value != null && value.isString() && !value.stringValue().equals(supported)) {
            log.warn("scheduler config sets {}={}, which Easel ignores (uses {})", key, value.stringValue(), supported);
        }
    }

    /** The value under {@code key}, or null when absent or JSON null (both mean "use the default"). */
    private static JsonNode present(JsonNode root, String key) {
        JsonNode value = root.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private static int intOr(JsonNode root, String key, int fallback) {
        JsonNode value = present(root, key);
        if (value == null) {
            return fallback;
        }
        double number = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be an integer, got " + value);
        }
        return (int) number;
    }

    private static double doubleOr(JsonNode root, String key, double fallback) {
        JsonNode value = present(root, key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + value);
        }
        return value.doubleValue();
    }

    private static boolean booleanOr(JsonNode root, String key, boolean fallback) {
        JsonNode value = present(root, key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    /** diffusers spells each constant as its lower-case name, e.g. "scaled_linear", "v_prediction". */
    private static <E extends Enum<E>> E enumOr(JsonNode root, String key, E fallback) {
        JsonNode value = present(root, key);
        if (value == null) {
            return fallback;
        }
        Class<E> type = fallback.getDeclaringClass();
        if (value.isString()) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().toLowerCase(Locale.ROOT).equals(value.stringValue())) {
                    return constant;
                }
            }
        }
        StringBuilder valid = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            valid.append(valid.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(key + " " + value + " is not supported; valid: " + valid);
    }
}
