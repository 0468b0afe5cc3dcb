package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.synth.TinyGraphs;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassifierTest {
    @TempDir
    Path dir;

    @Test
    void aBertStyleExportFlagsTheLabelsItsLogitsReach() throws Exception {
        TinyGraphs.textClassifier(dir, List.of("a", "an", "lighthouse", "awful", "##s"), "awful");
        OrtRuntime runtime = OrtRuntime.create(OrtRuntime.Device.CPU);
        try (TextClassifier classifier = TextClassifier.open(runtime, dir, Set.of("toxic"), 0.5)) {
            assertThat(classifier.flags("an awful lighthouse")).containsExactly("toxic");
            assertThat(classifier.flags("AWFULS lighthouse")).containsExactly("toxic");
            assertThat(classifier.flags("a lighthouse")).isEmpty();
        }
    }
}
