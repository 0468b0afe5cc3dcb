package dev.easel.engine.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** scheduler_config.json parsing, per-class defaults and {@link SchedulerKind} names. */
class SchedulerConfigTest {

    private static final String SD_TURBO = """
            {
              "_class_name": "EulerDiscreteScheduler",
              "_diffusers_version": "0.24.0.dev0",
              "beta_end": 0.012,
              "beta_schedule": "scaled_linear",
              "beta_start": 0.00085,
              "clip_sample": false,
              "interpolation_type": "linear",
              "num_train_timesteps": 1000,
              "prediction_type": "epsilon",
              "sample_max_value": 1.0,
              "set_alpha_to_one": false,
              "skip_prk_steps": true,
              "steps_offset": 1,
              "timestep_spacing": "trailing",
              "trained_betas": null,
              "use_karras_sigmas": false
            }""";

    private static final String LCM_DREAMSHAPER = """
            {
              "_class_name": "LCMScheduler",
              "_diffusers_version": "0.22.0.dev0",
              "beta_end": 0.012,
              "beta_schedule": "scaled_linear",
              "beta_start": 0.00085,
              "clip_sample": false,
              "clip_sample_range": 1.0,
              "dynamic_thresholding_ratio": 0.995,
              "num_train_timesteps": 1000,
              "original_inference_steps": 50,
              "prediction_type": "epsilon",
              "rescale_betas_zero_snr": false,
              "sample_max_value": 1.0,
              "set_alpha_to_one": true,
              "steps_offset": 1,
              "thresholding": false,
              "timestep_scaling": 10.0,
              "timestep_spacing": "leading",
              "trained_betas": null
            }""";

    private static final String SD15 = """
            {
              "_class_name": "PNDMScheduler",
              "_diffusers_version": "0.6.0",
              "beta_end": 0.012,
              "beta_schedule": "scaled_linear",
              "beta_start": 0.00085,
              "num_train_timesteps": 1000,
              "set_alpha_to_one": false,
              "skip_prk_steps": true,
              "steps_offset": 1,
              "trained_betas": null,
              "clip_sample": false
            }""";

    @Test
    void sdTurboEuler() {
        SchedulerConfig c = SchedulerConfig.parse(SD_TURBO);
        assertThat(c)
                .isEqualTo(new SchedulerConfig(
                        "EulerDiscreteScheduler",
                        1000,
                        0.00085,
                        0.012,
                        BetaSchedule.SCALED_LINEAR,
                        PredictionType.EPSILON,
                        TimestepSpacing.TRAILING,
                        1,
                        false,
                        false,
                        1.0,
                        50,
                        10.0));
        Schedule one =
                Scheduler.create(SchedulerKind.fromClassName(c.className()), c).schedule(1);
        assertThat(one.timestep(0)).isEqualTo(999f);
        Expect.close(one.initNoiseSigma(), 14.614641229333639);
    }

    @Test
    void lcmConfig() {
        SchedulerConfig c = SchedulerConfig.parse(LCM_DREAMSHAPER);
        assertThat(c)
                .isEqualTo(new SchedulerConfig(
                        "LCMScheduler",
                        1000,
                        0.00085,
                        0.012,
                        BetaSchedule.SCALED_LINEAR,
                        PredictionType.EPSILON,
                        TimestepSpacing.LEADING,
                        1,
                        true,
                        false,
                        1.0,
                        50,
                        10.0));
        assertThat(SchedulerKind.fromClassName(c.className())).isEqualTo(SchedulerKind.LCM);
    }

    @Test
    void stableDiffusion15EqualsDefaults() {
        assertThat(SchedulerConfig.parse(SD15)).isEqualTo(SchedulerConfig.defaults());
    }

    @Test
    void missingKeysTakeTheNamedClassDefaults() {
        assertThat(SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\"}"))
                .isEqualTo(new SchedulerConfig(
                        "DDIMScheduler",
                        1000,
                        0.0001,
                        0.02,
                        BetaSchedule.LINEAR,
                        PredictionType.EPSILON,
                        TimestepSpacing.LEADING,
                        0,
                        true,
                        true,
                        1.0,
                        50,
                        10.0));
        SchedulerConfig euler = SchedulerConfig.parse(
                "{\"_class_name\": \"EulerDiscreteScheduler\", \"prediction_type\": \"v_prediction\"}");
        assertThat(euler.timestepSpacing()).isEqualTo(TimestepSpacing.LINSPACE);
        assertThat(euler.betaSchedule()).isEqualTo(BetaSchedule.LINEAR);
        assertThat(euler.predictionType()).isEqualTo(PredictionType.V_PREDICTION);
        assertThat(euler.stepsOffset()).isZero();
        assertThat(SchedulerConfig.parse("{\"_class_name\": \"PNDMScheduler\"}").timestepSpacing())
                .isEqualTo(TimestepSpacing.LEADING);
        assertThat(SchedulerConfig.parse("{\"_class_name\": \"LCMScheduler\"}").betaSchedule())
                .isEqualTo(BetaSchedule.SCALED_LINEAR);
    }

    @Test
    void unknownKeysAndNullsAreIgnored() {
        SchedulerConfig c = SchedulerConfig.parse("""
                {"_class_name": "DPMSolverMultistepScheduler", "solver_order": 2, "algorithm_type": "dpmsolver++",
                 "beta_schedule": "squaredcos_cap_v2", "timestep_spacing": null, "use_karras_sigmas": true}""");
        assertThat(c.betaSchedule()).isEqualTo(BetaSchedule.SQUAREDCOS_CAP_V2);
        assertThat(c.timestepSpacing()).isEqualTo(TimestepSpacing.LINSPACE);
        assertThat(SchedulerKind.fromClassName(c.className())).isEqualTo(SchedulerKind.EULER);
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, SD_TURBO);
        assertThat(SchedulerConfig.read(file).timestepSpacing()).isEqualTo(TimestepSpacing.TRAILING);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[1, 2]",
                "{\"beta_start\": 0.001}",
                "{\"_class_name\": 7}",
                "{\"_class_name\": \"DDIMScheduler\", \"trained_betas\": [0.1, 0.2]}",
                "{\"_class_name\": \"DDIMScheduler\", \"beta_schedule\": \"sigmoid\"}",
                "{\"_class_name\": \"DDIMScheduler\", \"prediction_type\": \"flow\"}",
                "{\"_class_name\": \"DDIMScheduler\", \"timestep_spacing\": \"Leading\"}",
                "{\"_class_name\": \"DDIMScheduler\", \"steps_offset\": 1.5}",
                "{\"_class_name\": \"DDIMScheduler\", \"num_train_timesteps\": \"1000\"}",
                "{\"_class_name\": \"DDIMScheduler\", \"clip_sample\": \"no\"}",
                "{\"_class_name\": \"DDIMScheduler\", \"beta_end\": 1.5}",
                "{\"_class_name\": \"DDIMScheduler\", \"num_train_timesteps\": 0}",
            })
    void rejectsBadConfigs(String json) {
        assertThatThrownBy(() -> SchedulerConfig.parse(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trainedBetasMessage() {
        assertThatThrownBy(() -> SchedulerConfig.parse("{\"_class_name\": \"X\", \"trained_betas\": [0.1]}"))
                .hasMessageContaining("trained_betas");
    }

    @Test
    void recordValidatesItsFields() {
        assertThatThrownBy(() -> new SchedulerConfig(
                        "X",
                        1000,
                        0.0,
                        0.012,
                        BetaSchedule.LINEAR,
                        PredictionType.EPSILON,
                        TimestepSpacing.LEADING,
                        0,
                        false,
                        false,
                        1.0,
                        50,
                        10.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchedulerConfig(
                        "X",
                        1000,
                        0.001,
                        0.012,
                        BetaSchedule.LINEAR,
                        PredictionType.EPSILON,
                        TimestepSpacing.LEADING,
                        -1,
                        false,
                        false,
                        1.0,
                        50,
                        10.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchedulerConfig(
                        "X",
                        1000,
                        0.001,
                        0.012,
                        BetaSchedule.LINEAR,
                        PredictionType.EPSILON,
                        TimestepSpacing.LEADING,
                        0,
                        false,
                        false,
                        1.0,
                        0,
                        10.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchedulerConfig(
                        "X",
                        1000,
                        0.001,
                        0.012,
                        null,
                        PredictionType.EPSILON,
                        TimestepSpacing.LEADING,
                        0,
                        false,
                        false,
                        1.0,
                        50,
                        10.0))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void kindNames() {
        assertThat(SchedulerKind.parse("EULER")).isEqualTo(SchedulerKind.EULER);
        assertThat(SchedulerKind.parse("euler_a")).isEqualTo(SchedulerKind.EULER_ANCESTRAL);
        assertThat(SchedulerKind.parse("Euler_Ancestral")).isEqualTo(SchedulerKind.EULER_ANCESTRAL);
        assertThat(SchedulerKind.parse("ddim")).isEqualTo(SchedulerKind.DDIM);
        assertThat(SchedulerKind.parse("LCM")).isEqualTo(SchedulerKind.LCM);
        assertThat(SchedulerKind.EULER_ANCESTRAL.apiName()).isEqualTo("euler_a");
        for (SchedulerKind kind : SchedulerKind.values()) {
            assertThat(SchedulerKind.parse(kind.apiName())).isEqualTo(kind);
        }
        assertThatThrownBy(() -> SchedulerKind.parse("dpm++"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("euler, euler_a, ddim, lcm");
    }

    @Test
    void kindFromClassName() {
        assertThat(SchedulerKind.fromClassName("EulerDiscreteScheduler")).isEqualTo(SchedulerKind.EULER);
        assertThat(SchedulerKind.fromClassName("EulerAncestralDiscreteScheduler"))
                .isEqualTo(SchedulerKind.EULER_ANCESTRAL);
        assertThat(SchedulerKind.fromClassName("DDIMScheduler")).isEqualTo(SchedulerKind.DDIM);
        assertThat(SchedulerKind.fromClassName("LCMScheduler")).isEqualTo(SchedulerKind.LCM);
        assertThat(SchedulerKind.fromClassName("PNDMScheduler")).isEqualTo(SchedulerKind.EULER);
        assertThat(SchedulerKind.fromClassName("LMSDiscreteScheduler")).isEqualTo(SchedulerKind.EULER);
        assertThat(SchedulerKind.fromClassName("DPMSolverMultistepScheduler")).isEqualTo(SchedulerKind.EULER);
    }
}
