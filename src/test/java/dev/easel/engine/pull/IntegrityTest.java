package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.FOLDER;
import static dev.easel.engine.pull.TestRepos.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing unverified ever lands at a final file name. */
class IntegrityTest {

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
    void corruptedLfsFileFailsNamingFileAndHashes() {
        String path = "unet/model.onnx_data";
        FakeFile file = TestRepos.file(path);
        byte[] served = file.content();
        Arrays.fill(served, served.length / 2, served.length, (byte) 0x5a);
        hub.corrupt(path);

        assertThatThrownBy(() -> TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.INTEGRITY))
                .hasMessage(
                        "checksum mismatch for %s: expected sha256 %s, got %s; the download was deleted",
                        path, file.sha256(), FakeFile.hex("SHA-256", served));
        Path folder = models.resolve(FOLDER);
        assertThat(folder.resolve(path)).doesNotExist();
        assertThat(folder.resolve(path + ".part")).doesNotExist();
        // Files before it in the plan were verified and stay; no retry of a verified mismatch.
        assertThat(folder.resolve("unet/model.onnx")).exists();
        assertThat(hub.requests().stream().filter(r -> r.path().contains(file.sha256())))
                .hasSize(1);
    }

    @Test
    void corruptedSmallFileFailsOnTheGitBlobHash() {
        String path = "tokenizer/vocab.json";
        hub.corrupt(path);

        assertThatThrownBy(() -> TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE))
                .isInstanceOf(PullException.class)
                .hasMessageStartingWith("checksum mismatch for " + path + ": expected git blob sha1 "
                        + TestRepos.file(path).gitOid() + ", got ");
        assertThat(models.resolve(FOLDER).resolve(path)).doesNotExist();
    }

    @Test
    void damagedFileOfTheRightSizeIsDownloadedAgain() throws Exception {
        TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);
        Path onnx = models.resolve(FOLDER).resolve("unet/model.onnx");
        byte[] damaged = Files.readAllBytes(onnx);
        damaged[0] ^= 0x7f;
        Files.write(onnx, damaged);
        hub.clearRequests();

        PullResult again = TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(onnx).hasBinaryContent(TestRepos.file("unet/model.onnx").content());
        assertThat(again.filesDownloaded()).isEqualTo(1);
        assertThat(again.filesReused()).isEqualTo(TestRepos.EXPECTED.size() - 1);
    }

    @Test
    void serverSendingMoreThanListedIsRejected() throws IOException {
        FakeFile listed = FakeFile.text("model_index.json", "{}");
        try (FakeHub liar = new FakeHub()) {
            // The tree lists the short file, but the resolve endpoint serves a longer one under the same path.
            liar.repo("acme/liar", listed, FakeFile.lfs("unet/model.onnx", 10, 1));
            liar.overrideContent("model_index.json", "{\"padding\": true}".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> TestRepos.client(liar).pull("acme/liar", "main", models, PullListener.NONE))
                    .isInstanceOfSatisfying(
                            PullException.class, e -> assertThat(e.reason()).isEqualTo(PullException.Reason.INTEGRITY))
                    .hasMessageContaining("size mismatch for model_index.json");
        }
        assertThat(models.resolve("acme--liar/model_index.json")).doesNotExist();
        assertThat(models.resolve("acme--liar/model_index.json.part")).doesNotExist();
    }
}
