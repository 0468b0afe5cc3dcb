package dev.easel.engine.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentDigestTest {

    private static final byte[] HELLO = "hello world\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void gitBlobIdMatchesGit() {
        // `printf 'hello world\n' | git hash-object --stdin`
        ContentDigest digest = ContentDigest.forFile(new RepoFile(
                "a.txt", HELLO.length, Optional.of("3b18e512dba79e4c8300dd08aeb37f8e728b8dad"), Optional.empty()));
        digest.update(ByteBuffer.wrap(HELLO));

        assertThat(digest.algorithm()).isEqualTo("git blob sha1");
        assertThat(digest.actual()).isEqualTo(digest.expected());
    }

    @Test
    void lfsFilesUseSha256AndIgnoreTheGitOid() {
        String sha256 = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
        ContentDigest digest = ContentDigest.forFile(
                new RepoFile("m.onnx", HELLO.length, Optional.of("0".repeat(40)), Optional.of(sha256)));
        digest.update(ByteBuffer.wrap(HELLO));

        assertThat(digest.algorithm()).isEqualTo("sha256");
        assertThat(digest.actual()).isEqualTo(sha256);
    }

    @Test
    void hashingInPiecesAndFromAFileAgree() throws Exception {
        Path file = dir.resolve("f");
        Files.write(file, HELLO);
        RepoFile listed = new RepoFile(
                "f", HELLO.length, Optional.of("3b18e512dba79e4c8300dd08aeb37f8e728b8dad"), Optional.empty());
        ContentDigest digest = ContentDigest.forFile(listed);

        digest.updateFrom(file, 5);
        digest.update(ByteBuffer.wrap(HELLO, 5, HELLO.length - 5));
        assertThat(digest.actual()).isEqualTo(digest.expected());
        assertThat(digest.matchesFile(file, HELLO.length)).isTrue();

        Files.write(file, "hello World\n".getBytes(StandardCharsets.UTF_8));
        assertThat(digest.matchesFile(file, HELLO.length)).isFalse();
    }

    @Test
    void withoutAHashOnlyTheSizeIsChecked() throws Exception {
        Path file = dir.resolve("f");
        Files.write(file, HELLO);
        ContentDigest digest =
                ContentDigest.forFile(new RepoFile("f", HELLO.length, Optional.empty(), Optional.empty()));

        assertThat(digest.algorithm()).isEqualTo("none");
        assertThat(digest.matchesFile(file, HELLO.length)).isTrue();
    }
}
