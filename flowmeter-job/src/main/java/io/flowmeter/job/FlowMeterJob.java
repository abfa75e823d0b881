package io.flowmeter.job;

import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.job.forward.ForwardVerdicts;
import io.flowmeter.job.forward.FrameForwarding;
import io.flowmeter.jobs.FlowStreams;
import io.flowmeter.job.sink.FlowColumns;
import io.flowmeter.job.sink.FlowFileSink;
import io.flowmeter.job.sink.FlowJson;
import io.flowmeter.job.sink.FlowKafkaSink;
import io.flowmeter.job.sink.OutputFormat;
import io.flowmeter.jobs.labels.GroundTruth;
import io.flowmeter.jobs.labels.LabelledFlows;
import io.flowmeter.model.FlowModel;
import io.flowmeter.model.ScoredFlow;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;

/**
 * The flow job as a Flink graph, built from its settings: flows of a {@link FlowSource} (captures, interfaces or a
 * Kafka topic), optionally labelled from ground truth and scored by a trained model, to CSV files and/or a Kafka
 * topic; with a model, the flows it flags also go to alerts (a CSV directory
 * and/or a Kafka topic). Operator uids are fixed so that savepoints survive changes to the graph around them.
 */
public final class FlowMeterJob {

    private FlowMeterJob() {}

    /** A model to score with, and its threshold. */
    public static final class Scoring {
        final FlowModel model;
        final double threshold;
        final FeatureLayout layout;

        /** {@code layout}: the flows' layout, which computes the model's columns. */
        public Scoring(FlowModel model, double threshold, FeatureLayout layout) {
            this.model = model;
            this.threshold = threshold;
            this.layout = layout;
        }

        public double threshold() {
            return threshold;
        }
    }

    /** Where flows and alerts go; any of them may be absent. */
    public static final class Outputs {
        @Nullable final Path outputDirectory;
        @Nullable final Path alertsDirectory;
        @Nullable final KafkaConnection kafka;
        @Nullable final String flowsTopic;
        @Nullable final String alertsTopic;
        final String transactionalIdPrefix;
        FlowColumns<FlowRecord> columns = FlowColumns.FLOWMETER;
        OutputFormat format = OutputFormat.CSV;
        @Nullable GroundTruth truth;
        @Nullable Path forwardIndexDirectory;
        @Nullable FrameForwarding frameForwarding;

        public Outputs(@Nullable Path outputDirectory, @Nullable Path alertsDirectory,
                @Nullable KafkaConnection kafka, @Nullable String flowsTopic, @Nullable String alertsTopic,
                String transactionalIdPrefix) {
            this.outputDirectory = outputDirectory;
            this.alertsDirectory = alertsDirectory;
            this.kafka = kafka;
            this.flowsTopic = flowsTopic;
            this.alertsTopic = alertsTopic;
            this.transactionalIdPrefix = transactionalIdPrefix;
        }

        /** These outputs, written in {@code columns} (default: FlowMeter's). */
        public Outputs withColumns(FlowColumns<FlowRecord> columns) {
            this.columns = columns;
            return this;
        }

        /** These outputs of flows labelled by {@code truth} (columns: {@link FlowColumns#withGroundTruth}). */
        public Outputs withGroundTruth(@Nullable GroundTruth truth) {
            this.truth = truth;
            return this;
        }

        /**
         * These outputs, and the flows to forward to deep inspection ({@link ForwardVerdicts}) as CSV files of
         * {@link FlowColumns#forwardIndex} in {@code directory}; null for none.
         */
        public Outputs withForwardIndex(@Nullable Path directory) {
            this.forwardIndexDirectory = directory;
            return this;
        }

        /**
         * These outputs, and the frames of flagged flows forwarded as they come ({@link FrameForwarding}: continuous
         * inputs, whose flow stage hands frames on); null for none.
         */
        public Outputs withFrameForwarding(@Nullable FrameForwarding forwarding) {
            this.frameForwarding = forwarding;
            return this;
        }

        /** These outputs, with files in {@code format} (default: CSV). */
        public Outputs withFormat(OutputFormat format) {
            this.format = format;
            return this;
        }
    }

    /** The whole job: the flows of {@code source}, scored when {@code scoring} is given, written to {@code outputs}. */
    public static void build(StreamExecutionEnvironment env, FlowSource source, FlowSettings settings,
            Duration outOfOrderness, Outputs outputs, @Nullable Scoring scoring) throws IOException {
        FlowSettings flowSettings = outputs.frameForwarding != null ? settings.withForwardedFrames() : settings;
        build(env, source.flows(env, flowSettings, outOfOrderness), outputs, scoring);
    }

    /** Writes {@code flows}, scored when {@code scoring} is given, to {@code outputs}. */
    public static void build(StreamExecutionEnvironment env, DataStream<FlowRecord> flows, Outputs outputs,
            @Nullable Scoring scoring) throws IOException {
        build(env, FlowStreams.of(flows), outputs, scoring);
    }

    /**
     * Writes the flows of {@code streams}, scored when {@code scoring} is given, to {@code outputs}; with frame
     * forwarding, the flagged flows' frames too.
     */
    public static void build(StreamExecutionEnvironment env, FlowStreams streams, Outputs outputs,
            @Nullable Scoring scoring) throws IOException {
        DataStream<FlowRecord> flows = streams.flows();
        // Sources emit reused records and no function keeps a reference, so chained operators may share them.
        env.getConfig().enableObjectReuse();
        if (outputs.truth != null) {
            flows = flows.filter(new LabelledFlows(outputs.truth)).name("ground-truth labels").uid("ground-truth");
        }
        if (scoring == null) {
            FlowJson<FlowRecord> json = new FlowJson<>(outputs.columns);
            if (outputs.outputDirectory != null) {
                FlowFileSink.write(flows, outputs.outputDirectory, outputs.format, outputs.columns, "flow files",
                        "flow-csv-sink");
            }
            if (outputs.flowsTopic != null) {
                flows.sinkTo(FlowKafkaSink.create(outputs.kafka, outputs.flowsTopic,
                                outputs.transactionalIdPrefix + "-flows", json, FlowRecord::fiveTuple))
                        .name("flow records (Kafka)").uid("flow-kafka-sink");
            }
            return;
        }
        DataStream<ScoredFlow> scored = scoring.model.score(env, flows, scoring.threshold, scoring.layout)
                .map(new ScoreAccounting())
                .name("score accounting")
                .uid("score-accounting");
        if (outputs.frameForwarding != null) {
            if (streams.frames() == null) {
                throw new IllegalArgumentException("frame forwarding needs a source whose flow stage hands frames on");
            }
            outputs.frameForwarding.build(streams.frames(), scored);
        }
        DataStream<ScoredFlow> alerts = scored.filter(flow -> flow.malicious).name("malicious flows").uid("alert-filter");
        FlowColumns<ScoredFlow> scoredColumns = FlowColumns.scored(outputs.columns);
        FlowJson<ScoredFlow> json = new FlowJson<>(scoredColumns);
        if (outputs.outputDirectory != null) {
            FlowFileSink.write(scored, outputs.outputDirectory, outputs.format, scoredColumns, "scored flow files",
                    "flow-csv-sink");
        }
        if (outputs.alertsDirectory != null) {
            FlowFileSink.write(alerts, outputs.alertsDirectory, outputs.format, scoredColumns, "alert files",
                    "alert-csv-sink");
        }
        if (outputs.forwardIndexDirectory != null) {
            DataStream<ScoredFlow> forwarded = scored.keyBy(ForwardVerdicts.BY_FLOW)
                    .process(new ForwardVerdicts())
                    .name("flows to forward")
                    .uid("forward-verdicts");
            FlowFileSink.write(forwarded, outputs.forwardIndexDirectory, OutputFormat.CSV, FlowColumns.forwardIndex(),
                    "forward index", "forward-index-sink");
        }
        if (outputs.flowsTopic != null) {
            scored.sinkTo(FlowKafkaSink.create(outputs.kafka, outputs.flowsTopic,
                            outputs.transactionalIdPrefix + "-flows", json, s -> s.flow.fiveTuple()))
                    .name("scored flow records (Kafka)").uid("flow-kafka-sink");
        }
        if (outputs.alertsTopic != null) {
            alerts.sinkTo(FlowKafkaSink.create(outputs.kafka, outputs.alertsTopic,
                            outputs.transactionalIdPrefix + "-alerts", json, s -> s.flow.fiveTuple()))
                    .name("alert records (Kafka)").uid("alert-kafka-sink");
        }
    }
}
