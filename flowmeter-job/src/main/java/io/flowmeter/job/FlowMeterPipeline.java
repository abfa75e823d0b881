package io.flowmeter.job;

import io.flowmeter.flow.CaptureFlows;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.job.sink.FlowCsvFormat;
import io.flowmeter.job.sink.FlowCsvSink;
import io.flowmeter.train.model.FlowModel;
import io.flowmeter.train.model.ScoredFlow;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The offline job as a Flink graph: {@link CaptureFlows} (capture files to flows), optionally scored by a trained
 * model, then CSV files; with a model, the flows it flags also go to an alerts directory. Operator uids are fixed
 * so that savepoints survive changes to the graph around them.
 */
public final class FlowMeterPipeline {

    private FlowMeterPipeline() {}

    /** A model to score with, its threshold, and where alerts go. */
    public static final class Scoring {
        final FlowModel model;
        final double threshold;
        final Path alertsDirectory;

        public Scoring(FlowModel model, double threshold, Path alertsDirectory) {
            this.model = model;
            this.threshold = threshold;
            this.alertsDirectory = alertsDirectory;
        }

        public double threshold() {
            return threshold;
        }

        public Path alertsDirectory() {
            return alertsDirectory;
        }
    }

    /** The whole offline job: flows of {@code inputs} as CSV files in {@code outputDirectory}. */
    public static void build(StreamExecutionEnvironment env, List<Path> inputs, Set<Path> explicitFiles,
            Path outputDirectory, FlowSettings settings, Duration outOfOrderness, CaptureFlows.Layout layout,
            @Nullable Scoring scoring) throws IOException {
        // Source records come from a pool and no function keeps a reference, so chained operators may share them.
        env.getConfig().enableObjectReuse();
        DataStream<FlowRecord> flows = CaptureFlows.flows(env, inputs, explicitFiles, settings, outOfOrderness, layout, "");
        if (scoring == null) {
            flows.sinkTo(FlowCsvSink.create(outputDirectory, FlowCsvFormat.FLOWS))
                    .name("flow CSV files")
                    .uid("flow-csv-sink");
            return;
        }
        DataStream<ScoredFlow> scored = scoring.model.score(env, flows, scoring.threshold)
                .map(new ScoreAccounting())
                .name("score accounting")
                .uid("score-accounting");
        scored.sinkTo(FlowCsvSink.create(outputDirectory, FlowCsvFormat.SCORED_FLOWS))
                .name("scored flow CSV files")
                .uid("flow-csv-sink");
        scored.filter(flow -> flow.malicious)
                .name("malicious flows")
                .uid("alert-filter")
                .sinkTo(FlowCsvSink.create(scoring.alertsDirectory, FlowCsvFormat.SCORED_FLOWS))
                .name("alert CSV files")
                .uid("alert-csv-sink");
    }
}
