package io.flowmeter.job.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsTest {

    @TempDir Path dir;

    @Test
    void aCheckpointDirectoryResolvesToItsMostRecentlyCompletedCheckpoint() throws Exception {
        completed(dir.resolve("job-a/chk-9"), 2_000);
        completed(dir.resolve("job-b/chk-3"), 3_000);
        completed(dir.resolve("job-b/chk-2"), 1_000);
        Files.createDirectories(dir.resolve("job-b/chk-4"));
        Files.createDirectories(dir.resolve("job-b/shared"));

        assertThat(Checkpoints.latest(dir.toString())).isEqualTo("file:" + dir.resolve("job-b/chk-3"));
        assertThat(Checkpoints.latest(dir.resolve("job-a").toString())).isEqualTo("file:" + dir.resolve("job-a/chk-9"));
    }

    @Test
    void aCheckpointOrSavepointItselfIsTakenAsItIs() throws Exception {
        completed(dir.resolve("savepoint-1a2b3c"), 1_000);

        assertThat(Checkpoints.latest(dir.resolve("savepoint-1a2b3c").toString()))
                .isEqualTo("file:" + dir.resolve("savepoint-1a2b3c"));
    }

    @Test
    void withoutACompletedCheckpointTheErrorSaysWhatWasLookedFor() throws Exception {
        Files.createDirectories(dir.resolve("job-a/chk-1"));

        assertThatThrownBy(() -> Checkpoints.latest(dir.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no completed checkpoint in " + dir + " (looked for _metadata in it, in chk-N/ and in"
                        + " JOB-ID/chk-N/)");
        assertThatThrownBy(() -> Checkpoints.latest(dir.resolve("nope").toString()))
                .hasMessage(dir.resolve("nope") + " does not exist");
    }

    private static void completed(Path checkpoint, long modifiedMillis) throws Exception {
        Files.createDirectories(checkpoint);
        Path metadata = Files.write(checkpoint.resolve(Checkpoints.METADATA), new byte[] {1});
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }

    @Test
    void aPlainCheckpointDirectoryIsALocalOne() {
        assertThat(Checkpoints.uri("s3://bucket/flowmeter")).isEqualTo("s3://bucket/flowmeter");
        assertThat(Checkpoints.uri(dir.resolve("a/../checkpoints").toString()))
                .isEqualTo(dir.resolve("checkpoints").toUri().toString());
    }
}
