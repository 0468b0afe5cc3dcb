package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.FOLDER;
import static dev.easel.engine.pull.TestRepos.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.cli.EaselProcess;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel pull} as a user runs it: exit codes, the summary, progress and one-line errors. */
class PullCommandTest {

    @TempDir
    Path models;

    private FakeHub hub;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub().repo(REPO, TestRepos.tinySd());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void successfulPullExitsZeroWithSummaryAndPerFileProgress() throws Exception {
        int code = run(
                REPO,
                "--models",
                models.toString(),
                "--endpoint",
                hub.endpoint().toString());

        assertThat(code).as(err.toString()).isZero();
        Path folder = models.resolve(FOLDER);
        assertThat(HubClientPullTest.filesUnder(folder)).containsExactlyElementsOf(TestRepos.EXPECTED);
        assertThat(out.toString())
                .startsWith("pulled acme/tiny-sd@main into " + folder + ": 9 files, 0.2 MB downloaded,"
                        + " 0.0 MB reused (use --model " + folder + ")");
        // Without a terminal: plain lines, no carriage returns.
        assertThat(err.toString())
                .doesNotContain("\r")
                .contains("pulling 9 files, 0.2 MB")
                .contains("[8/9] unet/model.onnx_data  0.2 MB")
                .contains("  unet/model.onnx_data  50%  0.1 / 0.2 MB")
                .contains("[9/9] vae_decoder/model.onnx  done");
    }

    /** On a terminal each file is a bar (its bytes, rate and time left) with the whole pull's bytes beside it. */
    @Test
    void aTerminalShowsABarPerFileWithThePullsTotal() throws Exception {
        EaselProcess.Result run = EaselProcess.underTerminal(
                models,
                "pull",
                REPO,
                "--models",
                models.toString(),
                "--endpoint",
                hub.endpoint().toString());

        assertThat(run.code()).as(run.out()).isZero();
        assertThat(models.resolve(FOLDER).resolve("unet/model.onnx_data")).exists();
        assertThat(run.out())
                .contains("\r", "pulling 9 files, 0.2 MB")
                .containsPattern(
                        "\\[8/9\\] unet/model.onnx_data +100% .* MB \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)"
                                + " [0-9.?]+ MB/s done, total [0-9.]+ / 0.2 MB")
                .doesNotContain("  unet/model.onnx_data  50%");
    }

    @Test
    void aKnownRepositoryWithARestrictiveLicenceNeedsItAccepted() {
        hub.repo("stabilityai/sdxl-turbo", TestRepos.tinySd());
        String[] args = {
            "stabilityai/sdxl-turbo",
            "--models",
            models.toString(),
            "--endpoint",
            hub.endpoint().toString()
        };

        assertThat(run(args)).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly(
                        "stabilityai/sdxl-turbo: SDXL-Turbo (sdxl, turbo: 512², 1-4 steps); licence: Stability AI"
                                + " Community License (https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md),"
                                + " which restricts use",
                        "error: stabilityai/sdxl-turbo is under the Stability AI Community License, which restricts how"
                                + " it may be used: read it at"
                                + " https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md, then pull again"
                                + " with --accept-license");
        assertThat(hub.requests())
                .as("nothing is asked of the hub before the licence is accepted")
                .isEmpty();

        err.getBuffer().setLength(0);
        String[] accepted = java.util.Arrays.copyOf(args, args.length + 1);
        accepted[args.length] = "--accept-license";
        assertThat(run(accepted)).as(err.toString()).isZero();
        assertThat(err.toString()).startsWith("stabilityai/sdxl-turbo: SDXL-Turbo");
        assertThat(out.toString()).startsWith("pulled stabilityai/sdxl-turbo@main");
    }

    @Test
    void listShowsTheKnownRepositoriesAndTheirLicences() {
        assertThat(run("--list")).isZero();
        assertThat(out.toString().lines())
                .hasSize(KnownRepos.all().size())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("stabilityai/stable-diffusion-xl-base-1.0: SDXL 1.0 base")
                        .contains("CreativeML Open RAIL++-M License"))
                .anySatisfy(line ->
                        assertThat(line).startsWith("onnxruntime/sd-turbo:").contains("--device cuda"));
    }

    @Test
    void secondRunReportsReusedFiles() {
        String[] args = {
            REPO, "--models", models.toString(), "--endpoint", hub.endpoint().toString()
        };
        assertThat(run(args)).isZero();
        out.getBuffer().setLength(0);

        assertThat(run(args)).isZero();

        assertThat(out.toString()).contains("0.0 MB downloaded, 0.2 MB reused");
        assertThat(err.toString()).contains("[1/9] model_index.json  already present and verified");
    }

    @Test
    void unknownRepositoryExitsOneWithASingleErrorLine() {
        int code = run(
                "acme/missing",
                "--models",
                models.toString(),
                "--endpoint",
                hub.endpoint().toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly("error: repository acme/missing not found on " + hub.endpoint()
                        + " (or it has no revision 'main'): check the id and --revision");
    }

    @Test
    void unreachableHubExitsOneWithTheOfflineMessage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int code = run(REPO, "--models", models.toString(), "--endpoint", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("error: cannot reach http://127.0.0.1:" + port + " (")
                .contains("Easel needs network access to pull models")
                .doesNotContain("Exception");
    }

    @Test
    void invalidEndpointExitsOne() {
        int code = run(REPO, "--models", models.toString(), "--endpoint", "ftp://example.com");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines())
                .containsExactly("error: invalid hub.endpoint from --hub-endpoint: hub endpoint must be an absolute"
                        + " http(s) URL, got 'ftp://example.com'");
    }

    @Test
    void revisionOptionIsPassedOn() {
        int code = run(
                REPO,
                "--revision",
                "v2",
                "--models",
                models.toString(),
                "--endpoint",
                hub.endpoint().toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("error: revision 'v2' not found in acme/tiny-sd");
        assertThat(hub.requests())
                .first()
                .extracting(FakeHub.Request::path)
                .asString()
                .contains("/tree/v2");
    }

    private int run(String... args) {
        return PullRun.run(out, err, args);
    }
}
