package io.flowmeter.job.cli;

import io.flowmeter.jobs.cli.Usage;

import org.apache.flink.configuration.Configuration;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/** How often the job checkpoints, where checkpoints and open flows are kept, and what it resumes from. */
final class CheckpointOptions {

    /** Seconds between checkpoints when a job needs them and none was asked for. */
    private static final double DEFAULT_INTERVAL_SECONDS = 10;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS",
            description = "Checkpoint this often; CSV files are committed at checkpoints. Default: every 10 s with"
                    + " --watch, --interface, --checkpoint-dir or when Kafka is read or written, else none (files are"
                    + " committed at the end).")
    Double intervalSeconds;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Keep checkpoints in this directory (or file system URI, such as s3://bucket/path). They"
                    + " outlive the job when it is cancelled or killed, so that --restore can resume it. Default:"
                    + " the cluster's state.checkpoints.dir; run locally, a temporary directory removed at exit.")
    String directory;

    @Option(names = "--state-backend", paramLabel = "NAME", defaultValue = "hashmap",
            description = "Where open flows live: hashmap (on the heap, fastest) or rocksdb (on local disk, for flow"
                    + " tables larger than memory; checkpoints are incremental). Default: ${DEFAULT-VALUE}.")
    String stateBackend = "hashmap";

    @Option(names = "--restore", paramLabel = "PATH",
            description = "Resume from a checkpoint or savepoint: its directory, or a --checkpoint-dir, whose latest"
                    + " completed checkpoint is used. Flows in progress and input positions continue from there;"
                    + " Kafka outputs hold every flow once.")
    String restore;

    /** The job options for these checkpoints; the checkpoint resumed from is reported on {@code err}. */
    Configuration options(Usage usage, PrintStream err) throws IOException {
        return Checkpoints.options(directory, restorePath(usage, err), stateBackend(usage));
    }

    /** Whether checkpoints were asked for, so that a job that does not need them takes them all the same. */
    boolean asked() {
        return intervalSeconds != null || directory != null;
    }

    Duration interval(Usage usage) {
        return usage.seconds("--checkpoint-interval", intervalSeconds != null ? intervalSeconds
                : DEFAULT_INTERVAL_SECONDS, false);
    }

    /** A --checkpoint-dir whose file system this JVM lacks fails now, not at the first checkpoint. */
    void checkDirectory(Usage usage) {
        if (directory == null) {
            return;
        }
        try {
            new org.apache.flink.core.fs.Path(Checkpoints.uri(directory)).getFileSystem();
        } catch (IOException | IllegalArgumentException e) {
            throw usage.error("--checkpoint-dir " + directory + ": " + e.getMessage());
        }
    }

    private String restorePath(Usage usage, PrintStream err) throws IOException {
        if (restore == null) {
            return null;
        }
        try {
            String checkpoint = Checkpoints.latest(restore);
            err.println("flowmeter: resuming from " + checkpoint);
            return checkpoint;
        } catch (IllegalArgumentException e) {
            throw usage.error("--restore: " + e.getMessage());
        }
    }

    private String stateBackend(Usage usage) {
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw usage.error("--state-backend must be hashmap or rocksdb, got " + stateBackend);
        }
        return stateBackend;
    }
}
