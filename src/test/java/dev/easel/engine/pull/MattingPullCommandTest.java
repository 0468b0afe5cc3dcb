package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.FOLDER;
import static dev.easel.engine.pull.TestRepos.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.Matting;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.synth.MattingGraphs;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code easel pull --matting}: the default repository's layout (onnx-community's: the graph in
 * {@code onnx/}, its preprocessing and model card at the root) into {@code <models>/matting/},
 * loadable as it lands, with the licence shown; a restricted licence warns; what is no matting
 * model is one error line.
 */
class MattingPullCommandTest {
    private static final String DEFAULT_MATTING = "onnx-community/BiRefNet_lite-ONNX";

    @TempDir
    Path models;

    @TempDir
    Path export;

    private FakeHub hub;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A matting repository as onnx-community lays it out, with the synthetic model as its graph. */
    private FakeFile[] repository(String licence) throws IOException {
        MattingGraphs.write(export, MattingGraphs.Export.BIREFNET, 96);
        return new FakeFile[] {
            FakeFile.text(".gitattributes", "*.onnx filter=lfs diff=lfs merge=lfs -text\n"),
            FakeFile.text(
                    "README.md", "---\nlibrary_name: transformers.js\nlicense: " + licence + "\n---\n# BiRefNet\n"),
            FakeFile.text("config.json", "{\"model_type\": \"birefnet\"}\n"),
            FakeFile.text("preprocessor_config.json", Files.readString(export.resolve("preprocessor_config.json"))),
            new FakeFile("onnx/model.onnx", Files.readAllBytes(export.resolve("model.onnx")), true),
            FakeFile.lfs("onnx/model_fp16.onnx", 3_000, 2),
            FakeFile.lfs("onnx/model_quantized.onnx", 2_000, 3),
        };
    }

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub().repo(DEFAULT_MATTING, repository("mit")).repo(REPO, TestRepos.tinySd());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void mattingAlonePullsTheDefaultModelIntoTheMattingFolderAndShowsItsLicence() throws IOException {
        int code = run("--matting", "--models", models.toString(), "--endpoint", endpoint());

        assertThat(code).as(err.toString()).isZero();
        Path folder = models.resolve("matting");
        assertThat(HubClientPullTest.filesUnder(folder))
                .containsExactly("README.md", "model.onnx", "preprocessor_config.json");
        assertThat(out.toString().lines().toList().getLast())
                .startsWith("pulled matting model onnx-community/BiRefNet_lite-ONNX@main into " + models + ": 3 files")
                .endsWith("(licence: mit; restart the server for background: transparent)");
        assertThat(err.toString()).doesNotContain("warning");
        assertThat(hub.downloads())
                .extracting(FakeHub.Request::path)
                .noneMatch(p -> p.contains("fp16") || p.contains("quantized") || p.endsWith("/config.json"));
        try (Matting matting = Matting.open(OrtRuntime.create(OrtRuntime.Device.CPU), folder)) {
            assertThat(matting.description()).contains("input_image 96x96");
        }
    }

    @Test
    void aRestrictedLicenceWarnsAndAStaleFileOfAnEarlierModelGoes() throws IOException {
        hub.repo("briaai/RMBG-like", repository("cc-by-nc-4.0"));
        Files.createDirectories(models.resolve("matting"));
        Files.writeString(models.resolve("matting/old_notes.json"), "{}");

        int code = run(
                "--matting",
                "--matting-repo",
                "briaai/RMBG-like",
                "--models",
                models.toString(),
                "--endpoint",
                endpoint());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("licence: cc-by-nc-4.0");
        assertThat(err.toString().lines().toList().getLast())
                .isEqualTo("warning: briaai/RMBG-like's licence is 'cc-by-nc-4.0': check its terms"
                        + " (https://huggingface.co/briaai/RMBG-like) before using its output commercially");
        assertThat(models.resolve("matting/old_notes.json")).doesNotExist();
    }

    @Test
    void withARepositoryTheMattingModelComesAfterTheModel() {
        int code = run(REPO, "--matting", "--models", models.toString(), "--endpoint", endpoint());

        assertThat(code).as(err.toString()).isZero();
        assertThat(models.resolve(FOLDER + "/unet/model.onnx")).exists();
        assertThat(models.resolve("matting/model.onnx")).exists();
        assertThat(err.toString()).contains("adding the matting model of onnx-community/BiRefNet_lite-ONNX@main");
    }

    @Test
    void aStableDiffusionRepositoryIsNoMattingModel() {
        int code = run("--matting", "--matting-repo", REPO, "--models", models.toString(), "--endpoint", endpoint());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines().toList().getLast())
                .isEqualTo("error: acme/tiny-sd is a Stable Diffusion export, not a matting model: use a"
                        + " background-removal export such as onnx-community/BiRefNet_lite-ONNX with --matting-repo");
        assertThat(models.resolve("matting")).doesNotExist();
    }

    @Test
    void mattingOptionsNeedMatting() {
        assertThat(run("--matting-repo", "a/b")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("error: --matting-repo only applies with --matting");
        assertThat(hub.requests()).isEmpty();
    }

    private String endpoint() {
        return hub.endpoint().toString();
    }

    private int run(String... args) {
        return PullRun.run(out, err, args);
    }
}
