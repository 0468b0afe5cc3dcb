package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.TAESD_CONFIG;
import static dev.easel.engine.pull.TestRepos.TAESD_REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.DiffusionModel;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.engine.synth.TinyGraphs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HubClient#pullTaesd}: a TAESD decoder from its own repository into a model folder's taesd_decoder/. */
class TaesdPullTest {

    @TempDir
    Path models;

    private FakeHub hub;
    private Path folder;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub().repo(TAESD_REPO, TestRepos.taesd());
        folder = models.resolve("acme--tiny-sd");
        Files.createDirectories(folder.resolve("unet"));
        Files.write(folder.resolve("unet/model.onnx"), new byte[] {1, 2, 3});
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void fetchesTheDecoderAndItsConfigIntoTaesdDecoder() throws Exception {
        PullResult result = TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", folder, PullListener.NONE);

        assertThat(result.repoId()).isEqualTo(TAESD_REPO);
        assertThat(result.folder()).isEqualTo(folder);
        assertThat(result.files()).containsExactly("taesd_decoder/config.json", "taesd_decoder/model.onnx");
        assertThat(HubClientPullTest.filesUnder(folder))
                .containsExactly("taesd_decoder/config.json", "taesd_decoder/model.onnx", "unet/model.onnx");
        assertThat(folder.resolve("taesd_decoder/model.onnx"))
                .hasBinaryContent(file("vae_decoder/model.onnx").content());
        assertThat(folder.resolve("taesd_decoder/config.json"))
                .hasBinaryContent(TAESD_CONFIG.getBytes(StandardCharsets.UTF_8));
        assertThat(result.filesDownloaded()).isEqualTo(2);
        assertThat(result.bytesDownloaded()).isEqualTo(4_000 + TAESD_CONFIG.length());
        assertThat(hub.downloads())
                .extracting(FakeHub.Request::path)
                .noneMatch(p -> p.contains("vae_encoder")
                        || p.contains("README")
                        || p.contains("convert_to_onnx")
                        || p.endsWith("/main/config.json"));
    }

    @Test
    void takesTheRootConfigWhenTheDecoderFolderHasNone() throws Exception {
        hub.repo(
                TAESD_REPO,
                Arrays.stream(TestRepos.taesd())
                        .filter(f -> !f.path().equals("vae_decoder/config.json"))
                        .toArray(FakeFile[]::new));

        TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", folder, PullListener.NONE);

        assertThat(folder.resolve("taesd_decoder/config.json"))
                .hasBinaryContent(file("config.json").content());
    }

    @Test
    void secondPullReusesTheDecoderWithoutDownloading() throws Exception {
        TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", folder, PullListener.NONE);
        hub.clearRequests();

        PullResult again = TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", folder, PullListener.NONE);

        assertThat(hub.downloads()).isEmpty();
        assertThat(again.filesReused()).isEqualTo(2);
        assertThat(again.filesDownloaded()).isZero();
        assertThat(again.bytesDownloaded()).isZero();
    }

    @Test
    void aDroppedConnectionResumesWhereItStopped() throws Exception {
        hub.dropAfter("vae_decoder/model.onnx", 1_500);

        PullResult result = TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", folder, PullListener.NONE);

        assertThat(folder.resolve("taesd_decoder/model.onnx"))
                .hasBinaryContent(file("vae_decoder/model.onnx").content());
        assertThat(hub.downloads()).extracting(FakeHub.Request::range).contains("bytes=1500-");
        assertThat(result.filesDownloaded()).isEqualTo(2);
        assertThat(folder.resolve("taesd_decoder/model.onnx.part")).doesNotExist();
    }

    @Test
    void aPartLeftByAnInterruptedPullIsContinued() throws Exception {
        Path decoder = Files.createDirectories(folder.resolve("taesd_decoder"));
        Files.write(
                decoder.resolve("model.onnx.part"),
                Arrays.copyOf(file("vae_decoder/model.onnx").content(), 1_234));

        PullResult result = TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", folder, PullListener.NONE);

        assertThat(result.bytesReused()).isEqualTo(1_234);
        assertThat(result.bytesDownloaded()).isEqualTo(4_000 - 1_234 + TAESD_CONFIG.length());
        assertThat(hub.downloads()).extracting(FakeHub.Request::range).contains("bytes=1234-");
        assertThat(decoder.resolve("model.onnx"))
                .hasBinaryContent(file("vae_decoder/model.onnx").content());
    }

    @Test
    void aRepositoryWithoutTheDecoderFailsBeforeWritingAnything() throws Exception {
        hub.repo("acme/encoder-only", file("README.md"), file("vae_encoder/model.onnx"));

        assertThatThrownBy(
                        () -> TestRepos.client(hub).pullTaesd("acme/encoder-only", "main", folder, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.NOT_ONNX))
                .hasMessage("acme/encoder-only at revision 'main' has no TAESD decoder (no vae_decoder/model.onnx):"
                        + " --taesd-repo needs an ONNX export of diffusers' AutoencoderTiny in the vae_decoder/"
                        + " layout, e.g. deinferno/taesd-onnx");
        assertThat(folder.resolve("taesd_decoder")).doesNotExist();
        assertThat(hub.downloads()).isEmpty();
    }

    @Test
    void aFullStableDiffusionExportIsNotTakenForATaesd() throws Exception {
        hub.repo(TestRepos.REPO, TestRepos.tinySd());

        assertThatThrownBy(() -> TestRepos.client(hub).pullTaesd(TestRepos.REPO, "main", folder, PullListener.NONE))
                .isInstanceOf(PullException.class)
                .hasMessageStartingWith("acme/tiny-sd is a full Stable Diffusion export, not a TAESD decoder");
        assertThat(folder.resolve("taesd_decoder")).doesNotExist();
    }

    @Test
    void aMissingModelFolderFailsWithoutContactingTheHub() {
        Path missing = models.resolve("acme--nope");

        assertThatThrownBy(() -> TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", missing, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.NOT_A_MODEL))
                .hasMessage("model folder " + missing + " does not exist: pull the model first (`easel pull"
                        + " OWNER/NAME --taesd` does both) or check the path");
        assertThat(missing).doesNotExist();
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aFolderWithoutAUnetIsNoModelFolder() throws IOException {
        Path other = Files.createDirectories(models.resolve("photos"));

        assertThatThrownBy(() -> TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", other, PullListener.NONE))
                .isInstanceOf(PullException.class)
                .hasMessage(other + " is not a model folder (no unet/model.onnx)");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void filesOfAnEarlierDecoderAreRemoved() throws Exception {
        Path decoder = Files.createDirectories(folder.resolve("taesd_decoder"));
        Files.writeString(decoder.resolve("config.json"), "{\"_class_name\": \"AutoencoderTiny\"}");
        Files.write(decoder.resolve("model.onnx"), new byte[] {9});
        Files.write(decoder.resolve("model.onnx_data"), new byte[] {9});
        hub.repo(
                "acme/original-taesd",
                Arrays.stream(TestRepos.taesd())
                        .filter(f -> !f.path().endsWith("config.json"))
                        .toArray(FakeFile[]::new));

        PullResult result = TestRepos.client(hub).pullTaesd("acme/original-taesd", "main", folder, PullListener.NONE);

        assertThat(result.files()).containsExactly("taesd_decoder/model.onnx");
        // Without a config the engine takes the decoder as the original TAESD: the old config must not stay.
        assertThat(HubClientPullTest.filesUnder(decoder)).containsExactly("model.onnx");
    }

    @Test
    void thePulledFolderLoadsWithTaesdPreviews(@TempDir Path work) throws Exception {
        Path model = work.resolve("tiny");
        SyntheticModel.write(model, SyntheticModel.Shape.TINY, 42);
        deleteTree(model.resolve("taesd_decoder"));
        try (DiffusionModel before = DiffusionModel.load(model, TestModels.runtime())) {
            assertThat(before.info().previewDecoder()).isEqualTo("linear");
        }
        Path graph = Files.createDirectories(work.resolve("graph"));
        TinyGraphs.taesdDecoder(graph, 7);
        hub.repo(TAESD_REPO, TestRepos.taesd(Files.readAllBytes(graph.resolve("model.onnx"))));

        TestRepos.client(hub).pullTaesd(TAESD_REPO, "main", model, PullListener.NONE);

        try (DiffusionModel after = DiffusionModel.load(model, TestModels.runtime())) {
            assertThat(after.info().previewDecoder()).isEqualTo("taesd");
        }
    }

    private static FakeFile file(String path) {
        return Arrays.stream(TestRepos.taesd())
                .filter(f -> f.path().equals(path))
                .findFirst()
                .orElseThrow();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
