package io.flowmeter.job;

import io.flowmeter.flow.CaptureFlows;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.job.sink.FlowCsvSink;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The offline job as a Flink graph: {@link CaptureFlows} (capture files to flows), then CSV files. Operator uids
 * are fixed so that savepoints survive changes to the graph around them.
 */
public final class FlowMeterPipeline {

    private FlowMeterPipeline() {}

    /** The whole offline job: flows of {@code inputs} as CSV files in {@code outputDirectory}. */
    public static void build(StreamExecutionEnvironment env, List<Path> inputs, Set<Path> explicitFiles,
            Path outputDirectory, FlowSettings settings, Duration outOfOrderness) {
        // Source records come from a pool and no function keeps a reference, so chained operators may share them.
        env.getConfig().enableObjectReuse();
        CaptureFlows.flows(env, inputs, explicitFiles, settings, outOfOrderness)
                .sinkTo(FlowCsvSink.create(outputDirectory))
                .name("flow CSV files")
                .uid("flow-csv-sink");
    }
}
