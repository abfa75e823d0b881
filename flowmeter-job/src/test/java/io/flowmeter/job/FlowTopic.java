package io.flowmeter.job;

import io.flowmeter.job.sink.FlowCsvFormat;

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

/**
 * The flow records on a Kafka topic written by {@code --flows-topic}, each as one comparable line: column to value,
 * numbers as numbers (CSV and JSON write them differently), so that they compare with the rows of a CSV run.
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

    /**
     * The committed flows once there are at least {@code expected} of them (or the timeout has passed), read once
     * more a while later, so that any duplicate beyond the expected flows has time to show.
     */
    static List<String> awaitCommitted(KafkaBroker broker, String topic, int expected, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (read(broker, topic, Isolation.READ_COMMITTED).size() < expected
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Thread.sleep(2000);
        return read(broker, topic, Isolation.READ_COMMITTED);
    }

    /** A JSON flow record as a comparable line. */
    static String comparable(byte[] json) throws IOException {
        JsonNode flow = JSON.readTree(json);
        Map<String, Object> row = new TreeMap<>();
        flow.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().asText()));
        return comparable(row);
    }

    /** A flow row (from CSV or JSON) as a comparable line. */
    static String comparable(Map<String, ?> row) {
        Map<String, String> normalized = new TreeMap<>();
        for (String column : FlowCsvFormat.columns()) {
            String text = String.valueOf(row.get(column));
            normalized.put(column, isNumber(text) ? String.valueOf(Double.parseDouble(text)) : text);
        }
        return normalized.toString();
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return !text.isEmpty() && Character.isDigit(text.charAt(text.length() - 1));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
