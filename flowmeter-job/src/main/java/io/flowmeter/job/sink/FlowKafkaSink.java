package io.flowmeter.job.sink;

import io.flowmeter.job.KafkaConnection;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Flows or alerts as JSON records on a Kafka topic, keyed by their 5-tuple, exactly once: each checkpoint commits
 * a Kafka transaction, so consumers reading {@code read_committed} see every record once.
 */
public final class FlowKafkaSink {

    /** At most Kafka brokers' default {@code transaction.max.timeout.ms} (15 minutes). */
    private static final String TRANSACTION_TIMEOUT_MS = "900000";

    private FlowKafkaSink() {}

    public static <T> KafkaSink<T> create(KafkaConnection kafka, String topic, String transactionalIdPrefix,
            SerializationSchema<T> value, SerializableKey<T> key) {
        return create(kafka, transactionalIdPrefix, new StampedWhenWritten<>(KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(record -> key.apply(record).getBytes(StandardCharsets.UTF_8))
                .setValueSerializationSchema(value)
                .build()));
    }

    /** A sink of the records {@code records} makes, exactly once, as above. */
    public static <T> KafkaSink<T> create(KafkaConnection kafka, String transactionalIdPrefix,
            KafkaRecordSerializationSchema<T> records) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(kafka.clientProperties())
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(records)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build();
    }

    /**
     * Records with the time they are written as their Kafka timestamp, not the flow's event time, which is the
     * capture time: a broker's retention counts from the timestamp, and would delete the flows of a capture older
     * than its retention (7 days by default) as soon as they were written.
     */
    static final class StampedWhenWritten<T> implements KafkaRecordSerializationSchema<T> {
        private final KafkaRecordSerializationSchema<T> records;

        StampedWhenWritten(KafkaRecordSerializationSchema<T> records) {
            this.records = records;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
                throws Exception {
            records.open(context, sinkContext);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            return records.serialize(element, context, null);
        }
    }

    /** The text a record is keyed by. */
    public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}
}
