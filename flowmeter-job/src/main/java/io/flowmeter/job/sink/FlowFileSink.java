package io.flowmeter.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.StreamingFileSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Flow files in one directory, {@code flows-<id>-<subtask>-<n>.<csv|parquet|jsonl>}, each readable alone (a CSV file
 * has its header row), committed exactly once: at checkpoints when the job checkpoints, else at the end of input.
 *
 * <p>Why two sinks: Flink 1.17's unified {@link FileSink} commits what a subtask writes at the end of its input as
 * soon as any checkpoint completes, even one taken before that data was written, so a restore from that
 * checkpoint writes it again; and a job stopped with a savepoint cannot resume (FLINK-25920, FLINK-37605, fixed
 * after 1.17). The {@link StreamingFileSink} commits each file with the checkpoint that holds it, so a checkpointed
 * job uses that one. Without checkpoints only {@code FileSink} commits at the end of input.
 */
public final class FlowFileSink {

    public static final String PART_PREFIX = "flows";

    private FlowFileSink() {}

    /** Writes {@code records} in {@code columns} to {@code format} files in {@code directory}. */
    public static <T> void write(DataStream<T> records, Path directory, OutputFormat format, FlowColumns<T> columns,
            String name, String uid) {
        BulkWriter.Factory<T> writers = format.writers(columns);
        OutputFileConfig files = OutputFileConfig.builder().withPartPrefix(PART_PREFIX)
                .withPartSuffix(format.suffix()).build();
        if (records.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled()) {
            records.addSink(StreamingFileSink.forBulkFormat(directory, writers)
                            .withBucketAssigner(new BasePathBucketAssigner<>())
                            .withOutputFileConfig(files)
                            .build())
                    .name(name).uid(uid);
        } else {
            records.sinkTo(FileSink.forBulkFormat(directory, writers)
                            .withBucketAssigner(new BasePathBucketAssigner<>())
                            .withOutputFileConfig(files)
                            .build())
                    .name(name).uid(uid);
        }
    }
}
