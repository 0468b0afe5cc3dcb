package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.EXPECTED;
import static dev.easel.engine.pull.TestRepos.FOLDER;
import static dev.easel.engine.pull.TestRepos.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientPullTest {

    @TempDir
    Path models;

    private FakeHub hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub().repo(REPO, TestRepos.tinySd());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void fullPullWritesExactlyTheOnnxPipelineFiles() throws Exception {
        PullResult result = TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        Path folder = models.resolve(FOLDER);
        assertThat(result.folder()).isEqualTo(folder);
        assertThat(result.files()).containsExactlyElementsOf(EXPECTED);
        assertThat(filesUnder(folder)).containsExactlyElementsOf(EXPECTED);
        for (String path : EXPECTED) {
            assertThat(folder.resolve(path))
                    .hasBinaryContent(TestRepos.file(path).content());
        }
        long total = EXPECTED.stream()
                .mapToLong(p -> TestRepos.file(p).content().length)
                .sum();
        assertThat(result.filesDownloaded()).isEqualTo(EXPECTED.size());
        assertThat(result.bytesDownloaded()).isEqualTo(total);
        assertThat(result.filesReused()).isZero();
        assertThat(result.bytesReused()).isZero();
    }

    @Test
    void skippedFilesAreNeverRequestedAndLfsGoesThroughTheCdn() throws Exception {
        TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(hub.requests())
                .noneMatch(r -> r.path().contains("safetensors")
                        || r.path().contains(".bin")
                        || r.path().contains("README")
                        || r.path().contains("sample.png"));
        assertThat(hub.requests().stream().filter(r -> r.server().equals("cdn")).map(FakeHub.Request::path))
                .hasSize(4)
                .allMatch(p -> p.contains("X-Amz-Signature"));
        // 14 files + 5 directories at 3 entries a page.
        assertThat(hub.requests().stream().filter(r -> r.path().startsWith("/api/models/")))
                .hasSize(7);
    }

    @Test
    void secondPullReusesEverythingWithoutDownloading() throws Exception {
        TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);
        hub.clearRequests();

        PullResult again = TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(hub.downloads()).isEmpty();
        assertThat(again.filesReused()).isEqualTo(EXPECTED.size());
        assertThat(again.filesDownloaded()).isZero();
        assertThat(again.bytesDownloaded()).isZero();
        assertThat(again.files()).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void listenerSeesEveryFileStartAndFinish() throws Exception {
        List<String> events = new ArrayList<>();
        PullListener listener = new PullListener() {
            @Override
            public void planned(int files, long totalBytes) {
                events.add("planned " + files);
            }

            @Override
            public void fileStarted(String path, long size, long resumedFrom) {
                events.add("start " + path);
            }

            @Override
            public void fileDone(String path, long size) {
                events.add("done " + path);
            }

            @Override
            public void fileSkipped(String path, long size) {
                events.add("skip " + path);
            }
        };
        TestRepos.client(hub).pull(REPO, "main", models, listener);
        TestRepos.client(hub).pull(REPO, "main", models, listener);

        List<String> expected = new ArrayList<>();
        expected.add("planned 9");
        EXPECTED.forEach(p -> expected.addAll(List.of("start " + p, "done " + p)));
        expected.add("planned 9");
        EXPECTED.forEach(p -> expected.add("skip " + p));
        assertThat(events).containsExactlyElementsOf(expected);
    }

    @Test
    void exportUnderOnnxFolderIsFlattened() throws Exception {
        hub.repo(
                "acme/nested",
                FakeFile.text("model_index.json", "{}"),
                FakeFile.text("tokenizer/vocab.json", "{}"),
                FakeFile.lfs("unet/diffusion_pytorch_model.safetensors", 100, 1),
                FakeFile.lfs("onnx/unet/model.onnx", 500, 2),
                FakeFile.lfs("onnx/vae_decoder/model.onnx", 400, 3),
                FakeFile.text("onnx/scheduler/scheduler_config.json", "{}"));

        PullResult result = TestRepos.client(hub).pull("acme/nested", "main", models, PullListener.NONE);

        assertThat(result.files())
                .containsExactly(
                        "model_index.json",
                        "scheduler/scheduler_config.json",
                        "tokenizer/vocab.json",
                        "unet/model.onnx",
                        "vae_decoder/model.onnx");
        assertThat(filesUnder(models.resolve("acme--nested"))).containsExactlyElementsOf(result.files());
    }

    @Test
    void repositoryWithoutOnnxUnetIsRejected() {
        hub.repo(
                "acme/torch-only",
                FakeFile.text("model_index.json", "{}"),
                FakeFile.lfs("unet/diffusion_pytorch_model.safetensors", 100, 1));

        assertThatThrownBy(() -> TestRepos.client(hub).pull("acme/torch-only", "main", models, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.NOT_ONNX))
                .hasMessageContaining("acme/torch-only")
                .hasMessageContaining("not an ONNX export")
                .hasMessageContaining("onnx/ layout");
        assertThat(hub.downloads()).isEmpty();
        assertThat(models.resolve("acme--torch-only")).doesNotExist();
    }

    static List<String> filesUnder(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }
}
