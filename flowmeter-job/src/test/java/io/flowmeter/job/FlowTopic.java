package io.flowmeter.job;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.job.sink.FlowColumns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The flow records on a Kafka topic written by {@code --flows-topic}, each as one comparable line: column to value,
 * numbers as numbers of their column's kind (CSV and JSON write them differently), so that they compare with the
 * rows of a CSV run.
 */
final class FlowTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FlowTopic() {}

    /** Isolation levels a consumer reads with. */
    enum Isolation {
        /** Only records of committed transactions: what exactly-once consumers see. */
        READ_COMMITTED,
        /** Also records of open (and aborted) transactions: everything a producer wrote. */
        READ_UNCOMMITTED
    }

    /** Every flow on {@code topic} up to its end at the time of the call (the last stable offset when committed). */
    static List<String> read(KafkaBroker broker, String topic, Isolation isolation) throws IOException {
        List<String> flows = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                broker.consumerFromBeginning(topic, isolation.name().toLowerCase(Locale.ROOT))) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    flows.add(comparable(record.value()));
                }
            }
        }
        return flows;
    }

    /** The committed flows once there are at least {@code expected} of them; fails after {@code timeout}. */
    static List<String> awaitCommitted(KafkaBroker broker, String topic, int expected, Duration timeout)
            throws Exception {
        AtomicReference<List<String>> flows = new AtomicReference<>(List.of());
        Await.until(expected + " committed flows on " + topic, timeout, Duration.ofMillis(500), () -> {
            flows.set(read(broker, topic, Isolation.READ_COMMITTED));
            return flows.get().size() >= expected;
        }, () -> " (" + flows.get().size() + " committed)");
        return flows.get();
    }

    /** A JSON flow record as a comparable line. */
    static String comparable(byte[] json) throws IOException {
        JsonNode flow = JSON.readTree(json);
        Map<String, Object> row = new TreeMap<>();
        flow.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().asText()));
        return comparable(row);
    }

    /**
     * A flow row (from CSV or JSON) as a comparable line: whole-number columns as {@code long}s (a double would
     * compare {@code flowStartNs}, about 1.7e18, only to within 256 ns), decimal ones as doubles, text as it is.
     */
    static String comparable(Map<String, ?> row) {
        Map<String, String> normalized = new TreeMap<>();
        for (FlowColumns.Column<FlowRecord> column : FlowColumns.FLOWMETER.columns()) {
            String text = String.valueOf(row.get(column.name));
            normalized.put(column.name, canonical(column, text));
        }
        return normalized.toString();
    }

    private static String canonical(FlowColumns.Column<?> column, String text) {
        try {
            switch (column.kind) {
                case WHOLE:
                    return Long.toString(Long.parseLong(text));
                case DECIMAL:
                    return Double.toString(Double.parseDouble(text));
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            throw new AssertionError("column " + column.name + " is " + column.kind + ", but holds " + text, e);
        }
    }
}
