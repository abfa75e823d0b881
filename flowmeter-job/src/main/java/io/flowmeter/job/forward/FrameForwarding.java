package io.flowmeter.job.forward;

import io.flowmeter.flow.FlowFrame;
import io.flowmeter.flow.FlowKey;
import io.flowmeter.flow.FlowKeyTypeInfoFactory;
import io.flowmeter.job.KafkaConnection;
import io.flowmeter.job.sink.FlowKafkaSink;
import io.flowmeter.model.ScoredFlow;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;

/**
 * Forwarding for continuous inputs, as the flows are scored: where the forwarded frames go ({@code --forward-topic}
 * in the mirror format, {@code --forward-pcap} as rotating pcap files committed at checkpoints), and the graph that
 * takes them there ({@link FrameForwarder}).
 */
public final class FrameForwarding implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Defaults for the rotating files ({@code --forward-rotate-mb}, {@code --forward-rotate-seconds}): 100 MB, 1 hour. */
    public static final long DEFAULT_ROTATE_MEGABYTES = 100;
    public static final int DEFAULT_ROTATE_SECONDS = 3600;

    final ForwardBuffer buffer;
    @Nullable final Path pcapDirectory;
    final long rotateBytes;
    final Duration rotateTime;
    @Nullable final KafkaConnection kafka;
    @Nullable final String topic;
    final String transactionalIdPrefix;

    /**
     * @param pcapDirectory where the rotating pcap files go, or null
     * @param topic the forward topic on {@code kafka}, or null
     */
    public FrameForwarding(ForwardBuffer buffer, @Nullable Path pcapDirectory, long rotateBytes, Duration rotateTime,
            @Nullable KafkaConnection kafka, @Nullable String topic, String transactionalIdPrefix) {
        if (pcapDirectory == null && topic == null) {
            throw new IllegalArgumentException("forwarding needs a pcap directory or a topic");
        }
        if (rotateBytes <= 0 || rotateTime.isNegative() || rotateTime.isZero()) {
            throw new IllegalArgumentException("rotation size and time must be positive");
        }
        this.buffer = buffer;
        this.pcapDirectory = pcapDirectory;
        this.rotateBytes = rotateBytes;
        this.rotateTime = rotateTime;
        this.kafka = kafka;
        this.topic = topic;
        this.transactionalIdPrefix = transactionalIdPrefix;
    }

    /** Forwards the {@code frames} of the flows that {@code scored} flags to the configured sinks. */
    public void build(DataStream<FlowFrame> frames, DataStream<ScoredFlow> scored) {
        FlowKeyTypeInfoFactory.FlowKeyTypeInfo keys = new FlowKeyTypeInfoFactory.FlowKeyTypeInfo();
        DataStream<FlowFrame> forwarded = frames.keyBy(BY_FRAME_KEY, keys)
                .connect(scored.keyBy(BY_RECORD_KEY, keys))
                .process(new FrameForwarder(buffer), FlowFrame.TYPE)
                .name("forward flagged frames")
                .uid("frame-forwarder");
        if (pcapDirectory != null) {
            forwarded.sinkTo(FileSink.forBulkFormat(pcapDirectory, PcapBulkWriter.factory())
                            .withBucketAssigner(new LinkTypeBuckets())
                            .withRollingPolicy(new RotatingPcapPolicy(rotateBytes, rotateTime.toMillis()))
                            .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("forwarded")
                                    .withPartSuffix(".pcap").build())
                            .build())
                    .name("forwarded frames (pcap)").uid("forward-pcap-sink");
        }
        if (topic != null) {
            forwarded.sinkTo(FlowKafkaSink.create(kafka, transactionalIdPrefix + "-forward",
                            new FrameKafkaRecords(topic)))
                    .name("forwarded frames (Kafka)").uid("forward-kafka-sink");
        }
    }

    private static final KeySelector<FlowFrame, FlowKey> BY_FRAME_KEY = FlowFrame::key;
    private static final KeySelector<ScoredFlow, FlowKey> BY_RECORD_KEY = s -> FlowKey.of(s.flow);
}
