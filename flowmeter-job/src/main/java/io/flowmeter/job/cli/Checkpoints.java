package io.flowmeter.job.cli;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.CheckpointConfig.ExternalizedCheckpointCleanup;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

import javax.annotation.Nullable;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job keeps its checkpoints, and which checkpoint it resumes from. Checkpoints in {@code --checkpoint-dir}
 * are retained when the job is cancelled (and naturally when its process is killed), so that {@code --restore}
 * can resume from the latest one: flows in progress, reader positions and Kafka offsets included.
 */
final class Checkpoints {

    /** The file Flink writes last into a completed checkpoint or savepoint directory. */
    static final String METADATA = "_metadata";

    private static final String CHECKPOINT_PREFIX = "chk-";

    private Checkpoints() {}

    /**
     * The job options for a checkpoint directory and a checkpoint to restore (either may be null) and the state
     * backend ({@code hashmap} or {@code rocksdb}, whose checkpoints are then incremental).
     */
    static Configuration options(@Nullable String checkpointDirectory, @Nullable String restorePath,
            String stateBackend) {
        Configuration options = new Configuration();
        options.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        if (stateBackend.equals("rocksdb")) {
            options.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        if (checkpointDirectory != null) {
            options.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(checkpointDirectory));
            options.set(ExecutionCheckpointingOptions.EXTERNALIZED_CHECKPOINT,
                    ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        }
        if (restorePath != null) {
            options.set(SavepointConfigOptions.SAVEPOINT_PATH, restorePath);
        }
        return options;
    }

    /**
     * Checkpoints of a local run without {@code --checkpoint-dir}, in a temporary directory removed when the
     * process ends. Flink's default keeps them in the JobManager's memory, which refuses state over 5 MB: a few ten
     * thousand open flows, after which every checkpoint fails and with it the job.
     */
    static void keepOnLocalDisk(StreamExecutionEnvironment env) throws IOException {
        java.nio.file.Path directory = Files.createTempDirectory("flowmeter-checkpoints-");
        env.getCheckpointConfig().setCheckpointStorage(directory.toUri().toString());
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> FileUtils.deleteDirectoryQuietly(directory.toFile()), "flowmeter-checkpoint-cleanup"));
    }

    /** A directory as Flink wants it, with a scheme: a plain path is a local one. */
    static String uri(String directory) {
        return directory.contains("://") ? directory
                : java.nio.file.Path.of(directory).toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * The checkpoint or savepoint to resume from: {@code path} itself when it is one (it holds {@value #METADATA}),
     * else the most recently completed checkpoint under it, where {@code path} is a {@code --checkpoint-dir} (Flink
     * lays checkpoints out as {@code DIR/JOB-ID/chk-N/_metadata}) or one job's directory in it.
     *
     * @throws IllegalArgumentException when there is no completed checkpoint there, saying what was looked for
     */
    static String latest(String path) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            throw new IllegalArgumentException(path + " does not exist");
        }
        if (fs.exists(new Path(root, METADATA))) {
            return root.makeQualified(fs).toString();
        }
        Path newest = null;
        long newestTime = Long.MIN_VALUE;
        for (Path candidate : checkpointDirectories(fs, root)) {
            FileStatus metadata = metadataOf(fs, candidate);
            if (metadata != null && metadata.getModificationTime() > newestTime) {
                newest = candidate;
                newestTime = metadata.getModificationTime();
            }
        }
        if (newest == null) {
            throw new IllegalArgumentException("no completed checkpoint in " + path + " (looked for "
                    + METADATA + " in it, in " + CHECKPOINT_PREFIX + "N/ and in JOB-ID/" + CHECKPOINT_PREFIX + "N/)");
        }
        return newest.toString();
    }

    /** The chk-N directories in {@code root} and in its subdirectories (one per job). */
    private static List<Path> checkpointDirectories(FileSystem fs, Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        for (FileStatus child : list(fs, root)) {
            if (!child.isDir()) {
                continue;
            }
            if (child.getPath().getName().startsWith(CHECKPOINT_PREFIX)) {
                found.add(child.getPath());
                continue;
            }
            for (FileStatus grandchild : list(fs, child.getPath())) {
                if (grandchild.isDir() && grandchild.getPath().getName().startsWith(CHECKPOINT_PREFIX)) {
                    found.add(grandchild.getPath());
                }
            }
        }
        return found;
    }

    private static FileStatus[] list(FileSystem fs, Path directory) throws IOException {
        FileStatus[] children = fs.listStatus(directory);
        return children == null ? new FileStatus[0] : children;
    }

    @Nullable
    private static FileStatus metadataOf(FileSystem fs, Path checkpoint) throws IOException {
        try {
            return fs.getFileStatus(new Path(checkpoint, METADATA));
        } catch (FileNotFoundException e) {
            // A checkpoint still in progress, or one Flink is deleting.
            return null;
        }
    }
}
