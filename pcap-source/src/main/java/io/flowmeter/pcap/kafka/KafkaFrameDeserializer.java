package io.flowmeter.pcap.kafka;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.packet.PacketRecordTypeInfo;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns mirrored-traffic records ({@link KafkaFrames}) into packet records for Flink's {@code KafkaSource}: the
 * user's plug-in point of the Kafka connector. One record is reused: the source emits each before reading the
 * next, and the flow stage receives copies through the shuffle.
 */
public final class KafkaFrameDeserializer implements KafkaRecordDeserializationSchema<PacketRecord> {

    private static final long serialVersionUID = 1L;

    private final boolean keepFrames;
    private transient PacketDecoder decoder;
    private transient CapturedFrame scratch;
    private transient PacketRecord record;

    /** A deserializer whose packets hold only their headers, as the flow job needs. */
    public KafkaFrameDeserializer() {
        this(false);
    }

    /** A deserializer whose IP packets also hold their frames' bytes when {@code keepFrames} (for forwarding). */
    public KafkaFrameDeserializer(boolean keepFrames) {
        this.keepFrames = keepFrames;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> consumed, Collector<PacketRecord> out) {
        if (decoder == null) {
            decoder = new PacketDecoder().keepingFrames(keepFrames);
            scratch = new CapturedFrame();
            record = new PacketRecord();
        }
        out.collect(KafkaFrames.decode(consumed, decoder, scratch, record));
    }

    @Override
    public TypeInformation<PacketRecord> getProducedType() {
        return PacketRecordTypeInfo.INSTANCE;
    }
}
