package dev.easel.engine.pull;

import static dev.easel.engine.pull.TestRepos.FOLDER;
import static dev.easel.engine.pull.TestRepos.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted and partial downloads continue where they stopped and still end verified. */
class ResumeTest {

    private static final String DATA = "unet/model.onnx_data";

    @TempDir
    Path models;

    private FakeHub hub;
    private FakeFile data;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub().repo(REPO, TestRepos.tinySd());
        data = TestRepos.file(DATA);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void droppedConnectionIsResumedWithARangeRequest() throws Exception {
        hub.dropAfter(DATA, 50_000);
        List<String> problems = new ArrayList<>();
        PullListener listener = new PullListener() {
            @Override
            public void retrying(String path, int attempt, String problem) {
                problems.add(path + ": " + problem);
            }
        };

        PullResult result = TestRepos.client(hub).pull(REPO, "main", models, listener);

        assertThat(cdnRanges()).containsExactly("none", "bytes=50000-");
        assertThat(problems).singleElement().asString().startsWith(DATA + ": ").doesNotContain("no data received");
        assertThat(target()).hasBinaryContent(data.content());
        assertThat(part()).doesNotExist();
        assertThat(result.filesDownloaded()).isEqualTo(TestRepos.EXPECTED.size());
    }

    @Test
    void partFromAnEarlierRunIsHashedAndContinued() throws Exception {
        writePart(Arrays.copyOf(data.content(), 1234));

        PullResult result = TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(cdnRanges()).containsExactly("bytes=1234-");
        assertThat(target()).hasBinaryContent(data.content());
        assertThat(part()).doesNotExist();
        assertThat(result.bytesReused()).isEqualTo(1234);
    }

    @Test
    void completePartIsVerifiedAndMovedWithoutDownloading() throws Exception {
        writePart(data.content());

        TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(cdnRanges()).isEmpty();
        assertThat(target()).hasBinaryContent(data.content());
    }

    @Test
    void serverIgnoringTheRangeRestartsTheFileFromZero() throws Exception {
        hub.ignoreRange();
        writePart(Arrays.copyOf(data.content(), 777));

        PullResult result = TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(cdnRanges()).containsExactly("bytes=777-");
        assertThat(target()).hasBinaryContent(data.content());
        assertThat(result.bytesReused()).isZero();
    }

    @Test
    void stalePartWithOtherContentIsDiscardedAfterOneMismatch() throws Exception {
        byte[] stale = Arrays.copyOf(data.content(), 4096);
        stale[10] ^= 1;
        writePart(stale);

        TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(cdnRanges()).containsExactly("bytes=4096-", "none");
        assertThat(target()).hasBinaryContent(data.content());
    }

    @Test
    void partLongerThanTheFileIsDiscarded() throws Exception {
        writePart(new byte[data.content().length + 1]);

        TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(cdnRanges()).containsExactly("none");
        assertThat(target()).hasBinaryContent(data.content());
    }

    @Test
    void stalledTransferTimesOutAndResumes() throws Exception {
        hub.stallAfter(DATA, 30_000);
        // Short enough to keep the test quick; generous retries so a slow CI machine does not flake.
        HubClient client = new HubClient(
                new HubSettings(hub.endpoint(), Optional.empty(), Duration.ofMillis(1500)),
                new RetryPolicy(6, Duration.ofMillis(5), Duration.ofMillis(20)));

        client.pull(REPO, "main", models, PullListener.NONE);

        assertThat(cdnRanges()).containsExactly("none", "bytes=30000-");
        assertThat(target()).hasBinaryContent(data.content());
    }

    @Test
    void transientServerErrorsAreRetried() throws Exception {
        hub.failNext(2);

        PullResult result = TestRepos.client(hub).pull(REPO, "main", models, PullListener.NONE);

        assertThat(result.files()).containsExactlyElementsOf(TestRepos.EXPECTED);
        assertThat(hub.requests().stream().filter(r -> r.path().endsWith("/resolve/main/model_index.json")))
                .hasSize(3);
    }

    /** The Range header of each CDN request for the data file, "none" when absent. */
    private List<String> cdnRanges() {
        return hub.requests().stream()
                .filter(r -> r.server().equals("cdn") && r.path().contains(data.sha256()))
                .map(r -> r.range() == null ? "none" : r.range())
                .toList();
    }

    private void writePart(byte[] content) throws IOException {
        Files.createDirectories(part().getParent());
        Files.write(part(), content);
    }

    private Path target() {
        return models.resolve(FOLDER).resolve(DATA);
    }

    private Path part() {
        return models.resolve(FOLDER).resolve(DATA + ".part");
    }
}
