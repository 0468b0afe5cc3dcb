package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputFormatTest {
    @Test
    void parsesApiNamesAndTheJpgAlias() {
        assertThat(OutputFormat.parse("png")).isEqualTo(OutputFormat.PNG);
        assertThat(OutputFormat.parse("jpeg")).isEqualTo(OutputFormat.JPEG);
        assertThat(OutputFormat.parse("jpg")).isEqualTo(OutputFormat.JPEG);
        assertThat(OutputFormat.parse("WEBP")).isEqualTo(OutputFormat.WEBP);
    }

    @Test
    void refusesOtherNames() {
        assertThatThrownBy(() -> OutputFormat.parse("gif"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gif");
        assertThatThrownBy(() -> OutputFormat.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutputFormat.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesMimeTypesAndExtensions() {
        assertThat(OutputFormat.JPEG.apiName()).isEqualTo("jpeg");
        assertThat(OutputFormat.JPEG.mimeType()).isEqualTo("image/jpeg");
        assertThat(OutputFormat.JPEG.extension()).isEqualTo("jpg");
        assertThat(OutputFormat.PNG.mimeType()).isEqualTo("image/png");
        assertThat(OutputFormat.WEBP.mimeType()).isEqualTo("image/webp");
        assertThat(OutputFormat.WEBP.extension()).isEqualTo("webp");
    }

    @Test
    void encodeOptionsCheckCompressionRange() {
        assertThatThrownBy(() -> new EncodeOptions(OutputFormat.PNG, 101, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncodeOptions(OutputFormat.PNG, -1, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EncodeOptions(null, 50, "")).isInstanceOf(NullPointerException.class);
    }
}
