package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.FOLDER;
import static dev.easel.engine.pull.TestRepos.REPO;
import static dev.easel.engine.pull.TestRepos.TAESD_REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel pull --taesd} as a user runs it: after a model pull, into an existing folder, and its errors. */
class TaesdPullCommandTest {

    private static final String DEFAULT_TAESD = "deinferno/taesd-onnx";

    @TempDir
    Path models;

    private FakeHub hub;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub()
                .repo(REPO, TestRepos.tinySd())
                .repo(DEFAULT_TAESD, TestRepos.taesd())
                .repo(TAESD_REPO, TestRepos.taesd());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void taesdAfterTheModelPullFetchesTheDefaultDecoder() throws IOException {
        int code = run(REPO, "--taesd", "--models", models.toString(), "--endpoint", endpoint());

        assertThat(code).as(err.toString()).isZero();
        Path folder = models.resolve(FOLDER);
        assertThat(HubClientPullTest.filesUnder(folder.resolve("taesd_decoder")))
                .containsExactly("config.json", "model.onnx");
        assertThat(out.toString().lines())
                .containsExactly(
                        "pulled acme/tiny-sd@main into " + folder + ": 9 files, 0.2 MB downloaded, 0.0 MB reused"
                                + " (use --model " + folder + ")",
                        "pulled TAESD deinferno/taesd-onnx@main into " + folder + ": 2 files, 0.0 MB downloaded,"
                                + " 0.0 MB reused (previews use it; --engine-final-decoder taesd or final_decoder:"
                                + " taesd for the final picture)");
        assertThat(err.toString())
                .contains("adding the TAESD decoder of deinferno/taesd-onnx@main to " + folder)
                .contains("pulling 2 files, 0.0 MB")
                .contains("[1/2] taesd_decoder/config.json  done")
                .contains("[2/2] taesd_decoder/model.onnx  done")
                .doesNotContain("warning");
    }

    @Test
    void intoAddsTheDecoderToAFolderOnDisk() throws IOException {
        Path folder = modelFolder();

        int code = run("--taesd", "--into", folder.toString(), "--taesd-repo", TAESD_REPO, "--endpoint", endpoint());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("pulled TAESD acme/taesd-onnx@main into " + folder + ": 2 files");
        assertThat(folder.resolve("taesd_decoder/model.onnx")).exists();
        assertThat(hub.requests()).noneMatch(r -> r.path().contains("tiny-sd"));
    }

    @Test
    void anSdxlModelIsRefusedTheDefaultDecoderAndTakesANamedOne() throws IOException {
        Path folder = modelFolder();
        Files.createDirectories(folder.resolve("text_encoder_2"));
        Files.write(folder.resolve("text_encoder_2/model.onnx"), new byte[] {1});

        int code = run("--taesd", "--into", folder.toString(), "--endpoint", endpoint());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines())
                .containsExactly("error: " + folder + " is an SDXL model, and the default TAESD (" + DEFAULT_TAESD
                        + ") decodes SD 1.x / 2.x latents only: name a TAESDXL export with --taesd-repo (an ONNX"
                        + " export of madebyollin/taesdxl in the vae_decoder/ layout); the model itself is in place"
                        + " and runs without one");
        assertThat(hub.requests()).isEmpty();
        assertThat(folder.resolve("taesd_decoder")).doesNotExist();

        err.getBuffer().setLength(0);
        assertThat(run("--taesd", "--into", folder.toString(), "--taesd-repo", TAESD_REPO, "--endpoint", endpoint()))
                .as(err.toString())
                .isZero();
        assertThat(folder.resolve("taesd_decoder/model.onnx")).exists();
    }

    @Test
    void aSecondRunReusesTheDecoder() throws IOException {
        String[] args = {"--taesd", "--into", modelFolder().toString(), "--endpoint", endpoint()};
        assertThat(run(args)).isZero();
        out.getBuffer().setLength(0);

        assertThat(run(args)).isZero();

        assertThat(out.toString()).contains("2 files, 0.0 MB downloaded, 0.0 MB reused");
        assertThat(err.toString()).contains("[2/2] taesd_decoder/model.onnx  already present and verified");
    }

    @Test
    void aMissingModelFolderIsOneErrorLine() {
        Path missing = models.resolve("acme--nope");

        int code = run("--taesd", "--into", missing.toString(), "--endpoint", endpoint());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly("error: model folder " + missing + " does not exist: pull the model first (`easel pull"
                        + " OWNER/NAME --taesd` does both) or check the path");
    }

    @Test
    void aTaesdRepositoryWithoutTheDecoderFailsAfterTheModelIsInPlace() {
        hub.repo("acme/encoder-only", FakeFile.lfs("vae_encoder/model.onnx", 100, 1));

        int code = run(
                REPO,
                "--taesd",
                "--taesd-repo",
                "acme/encoder-only",
                "--models",
                models.toString(),
                "--endpoint",
                endpoint());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).startsWith("pulled acme/tiny-sd@main into");
        assertThat(models.resolve(FOLDER + "/unet/model.onnx")).exists();
        assertThat(err.toString().lines().toList().getLast())
                .isEqualTo("error: acme/encoder-only at revision 'main' has no TAESD decoder (no"
                        + " vae_decoder/model.onnx): --taesd-repo needs an ONNX export of diffusers' AutoencoderTiny"
                        + " in the vae_decoder/ layout, e.g. deinferno/taesd-onnx");
    }

    @Test
    void taesdRevisionIsPassedOn() throws IOException {
        int code =
                run("--taesd", "--into", modelFolder().toString(), "--taesd-revision", "v2", "--endpoint", endpoint());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("error: revision 'v2' not found in deinferno/taesd-onnx");
        assertThat(hub.requests())
                .first()
                .extracting(FakeHub.Request::path)
                .asString()
                .contains("/tree/v2");
    }

    @Test
    void anUnreachableHubSaysWhatToDoOffline() throws IOException {
        Path folder = modelFolder();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int code = run("--taesd", "--into", folder.toString(), "--endpoint", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines().toList().getLast())
                .startsWith("error: cannot reach http://127.0.0.1:" + port + " (")
                .endsWith("Easel needs network access to pull models; copy a TAESD decoder (model.onnx and its"
                        + " config.json) into " + folder.resolve("taesd_decoder") + " instead");
    }

    @Test
    void aDecoderWithoutConfigGetsAWarningAboutItsOutputRange() throws IOException {
        hub.repo(
                "acme/bare-taesd",
                Arrays.stream(TestRepos.taesd())
                        .filter(f -> !f.path().endsWith("config.json"))
                        .toArray(FakeFile[]::new));
        Path folder = modelFolder();

        int code = run(
                "--taesd", "--into", folder.toString(), "--taesd-repo", "acme/bare-taesd", "--endpoint", endpoint());

        assertThat(code).isZero();
        assertThat(err.toString().lines().toList().getLast())
                .isEqualTo("warning: acme/bare-taesd has no config.json for its decoder, so Easel takes it as the"
                        + " original TAESD (output in [0, 1]); if it is an export of diffusers' AutoencoderTiny"
                        + " (output in [-1, 1]), write {\"_class_name\": \"AutoencoderTiny\"} into "
                        + folder.resolve("taesd_decoder/config.json"));
    }

    @Test
    void argumentMistakesAreOneErrorLineEach() {
        assertError(
                new String[] {},
                "error: name a repository to pull (easel pull OWNER/NAME), or a model folder to add a TAESD"
                        + " decoder to (easel pull --taesd --into DIR), or pull a matting model (easel pull --matting)");
        assertError(
                new String[] {REPO, "--taesd", "--into", "x"},
                "error: give REPO or --into, not both: `easel pull acme/tiny-sd --taesd` pulls the model and its"
                        + " TAESD decoder");
        assertError(new String[] {"--into", "x"}, "error: --into only applies with --taesd");
        assertError(new String[] {REPO, "--taesd-repo", TAESD_REPO}, "error: --taesd-repo only applies with --taesd");
        assertError(new String[] {REPO, "--taesd-revision", "v2"}, "error: --taesd-revision only applies with --taesd");
        assertThat(hub.requests()).isEmpty();
    }

    private void assertError(String[] args, String line) {
        err.getBuffer().setLength(0);
        assertThat(run(args)).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(line);
    }

    private Path modelFolder() throws IOException {
        Path folder =
                Files.createDirectories(models.resolve("acme--local/unet")).getParent();
        Files.write(folder.resolve("unet/model.onnx"), new byte[] {1});
        return folder;
    }

    private String endpoint() {
        return hub.endpoint().toString();
    }

    private int run(String... args) {
        return PullRun.run(out, err, args);
    }
}
