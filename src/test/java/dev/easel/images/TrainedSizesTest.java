package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.ModelDefaults;
import dev.easel.engine.ModelFamily;
import dev.easel.engine.ModelInfo;
import dev.easel.engine.sched.SchedulerKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenAI's sizes on SDXL (1024²) and SDXL-Turbo (512²) run at the nearest trained resolution; others as asked. */
class TrainedSizesTest {

    @ParameterizedTest(name = "{0} at {1}² on {2} runs at {3}")
    @CsvSource({
        "1536x1024,1024,SDXL,1216x832",
        "1024x1536,1024,SDXL,832x1216",
        "1792x1024,1024,SDXL,1344x768",
        "256x256,1024,SDXL,1024x1024",
        "1536x1024,512,SDXL,608x416",
        "1024x1024,512,SDXL,512x512",
        "800x600,1024,SDXL,800x600",
        "1536x1024,512,SD1,1536x1024",
        "512x512,512,SD1,512x512",
    })
    void mapsOpenAisSizesOnly(String asked, int side, ModelFamily family, String runs) {
        ModelInfo info = new ModelInfo(
                "m",
                family,
                new ModelDefaults(1, 0, SchedulerKind.EULER, side, side),
                999,
                64,
                2048,
                true,
                false,
                "linear",
                "cpu");
        String[] wh = asked.split("x");
        int[] out = TrainedSizes.of(asked, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), info);
        assertThat(out[0] + "x" + out[1]).isEqualTo(runs);
    }
}
