package io.flowmeter.job.forward;

import io.flowmeter.flow.FlowFrame;
import io.flowmeter.pcap.kafka.KafkaFrames;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;

/**
 * Forwarded frames as mirrored-traffic records ({@code docs/kafka-format.md}), as {@code bin/flowmeter-replay}
 * writes them: the frame as value, its capture time, link type and wire length as headers, the flow's key hash as
 * key, so that a second FlowMeter, or any consumer of the format, reads the forward topic as it reads a mirror.
 */
final class FrameKafkaRecords implements KafkaRecordSerializationSchema<FlowFrame> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    FrameKafkaRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(FlowFrame frame, KafkaSinkContext context, Long timestamp) {
        // The time of writing, as the replay tool does: a broker's retention counts from the record's timestamp.
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(),
                ByteBuffer.allocate(4).putInt(frame.key().hashCode()).array(), frame.bytes(),
                KafkaFrames.headers(frame.timestampNanos(), frame.linkType(), frame.wireLength()));
    }
}
