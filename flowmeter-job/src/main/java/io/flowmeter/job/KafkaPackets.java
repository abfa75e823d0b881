package io.flowmeter.job;

import io.flowmeter.jobs.FlowStreams;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.jobs.PacketFlows;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.kafka.KafkaFrameDeserializer;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;
import java.util.Locale;

/**
 * Mirrored traffic from Kafka ({@code docs/kafka-format.md}) as packets: watermarks per partition, with partitions
 * that fall silent marked idle so that flows still expire on schedule.
 */
public final class KafkaPackets implements FlowSource {

    /** Where reading starts when the job starts without a checkpoint. */
    public enum Start {
        /** The consumer group's committed offsets, or the earliest where it has none. */
        COMMITTED,
        EARLIEST,
        LATEST;

        OffsetsInitializer offsets() {
            switch (this) {
                case EARLIEST:
                    return OffsetsInitializer.earliest();
                case LATEST:
                    return OffsetsInitializer.latest();
                default:
                    return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            }
        }

        public static Start of(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    private final KafkaConnection kafka;
    private final String topic;
    private final String groupId;
    private final Start start;
    private final boolean bounded;
    private final Duration idlePartition;

    /**
     * @param bounded stop at the offsets that are latest when the job starts (to read a replayed topic once)
     * @param idlePartition how long a silent partition holds back event time
     */
    public KafkaPackets(KafkaConnection kafka, String topic, String groupId, Start start, boolean bounded,
            Duration idlePartition) {
        this.kafka = kafka;
        this.topic = topic;
        this.groupId = groupId;
        this.start = start;
        this.bounded = bounded;
        this.idlePartition = idlePartition;
    }

    @Override
    public FlowStreams flows(StreamExecutionEnvironment env, FlowSettings settings, Duration outOfOrderness) {
        return PacketFlows.assemble(read(env, kafka, topic, groupId, start, bounded, outOfOrderness, idlePartition,
                settings.forwardsFrames()), settings, "");
    }

    @Override
    public boolean unbounded() {
        return !bounded;
    }

    /**
     * @param bounded stop at the offsets that are latest when the job starts (to read a replayed topic once)
     */
    public static DataStream<PacketRecord> read(StreamExecutionEnvironment env, KafkaConnection kafka, String topic,
            String groupId, Start start, boolean bounded, Duration outOfOrderness, Duration idlePartition) {
        return read(env, kafka, topic, groupId, start, bounded, outOfOrderness, idlePartition, false);
    }

    /** As above; the packets hold their frames' bytes when {@code keepFrames} (for forwarding). */
    static DataStream<PacketRecord> read(StreamExecutionEnvironment env, KafkaConnection kafka, String topic,
            String groupId, Start start, boolean bounded, Duration outOfOrderness, Duration idlePartition,
            boolean keepFrames) {
        KafkaSourceBuilder<PacketRecord> builder = KafkaSource.<PacketRecord>builder()
                .setProperties(kafka.clientProperties())
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start.offsets())
                .setDeserializer(new KafkaFrameDeserializer(keepFrames));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(),
                        CaptureFlows.periodicWatermarks(outOfOrderness).withIdleness(idlePartition),
                        "mirrored traffic (Kafka)")
                .uid("kafka-packet-source");
    }
}
