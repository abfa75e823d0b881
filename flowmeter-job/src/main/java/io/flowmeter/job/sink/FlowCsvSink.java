package io.flowmeter.job.sink;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * CSV files in one directory, {@code flows-<id>-<subtask>-<n>.csv}, each with a header row. Files are committed
 * on checkpoints and at the end of input, exactly once.
 */
public final class FlowCsvSink {

    public static final String PART_PREFIX = "flows";
    public static final String PART_SUFFIX = ".csv";

    private FlowCsvSink() {}

    public static <T> FileSink<T> create(Path directory, CsvLines<T> lines) {
        return FileSink.forBulkFormat(directory, new FlowCsvWriter.Factory<>(lines))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(PART_PREFIX)
                        .withPartSuffix(PART_SUFFIX)
                        .build())
                .build();
    }
}
