package io.flowmeter.job;

import io.flowmeter.job.cli.ReplayCli;
import io.flowmeter.job.sink.FlowCsvFormat;
import io.flowmeter.testing.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirrored traffic end to end: captures replayed into Kafka, through the flow job reading the topic, into a flows
 * topic (exactly once, read {@code read_committed}) give the same flows as the offline run on the captures.
 */
class KafkaFlowsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir static Path brokerDirectory;
    private static KafkaBroker broker;

    @TempDir Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerDirectory);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sampleCapturesThroughKafkaGiveTheOfflineFlows() throws Exception {
        assertKafkaFlowsEqualOffline(SharedData.sampleData(), "sample");
    }

    @Test
    void aSharedCaptureThroughKafkaGivesTheOfflineFlows() throws Exception {
        assertKafkaFlowsEqualOffline(SharedData.sharedPcaps().resolve("chrissanders__http_espn.pcapng"), "espn");
    }

    private void assertKafkaFlowsEqualOffline(Path captures, String name) throws Exception {
        String mirror = name + "-mirror";
        String flowsTopic = name + "-flows";
        broker.createTopic(mirror, 3);
        broker.createTopic(flowsTopic, 2);
        assertThat(ReplayCli.run(System.out, System.err, "--input", captures.toString(), "--bootstrap-servers",
                broker.bootstrapServers(), "--topic", mirror)).isZero();

        CliRun offline = CliRun.of("--input", captures.toString(), "--output", dir.resolve("offline").toString(),
                "--no-progress");
        CliRun streamed = CliRun.of("--kafka-topic", mirror, "--kafka-bootstrap-servers", broker.bootstrapServers(),
                "--kafka-start", "earliest", "--kafka-bounded", "--kafka-group-id", name, "--flows-topic", flowsTopic,
                "--no-progress", "--parallelism", "2");

        assertThat(offline.exitStatus).as(offline.toString()).isZero();
        assertThat(streamed.exitStatus).as(streamed.toString()).isZero();
        List<String> expected = CliRun.flows(dir.resolve("offline")).stream().map(KafkaFlowsTest::numbers).sorted()
                .collect(Collectors.toList());
        List<String> received = committedFlows(flowsTopic, expected.size()).stream().sorted().collect(Collectors.toList());
        assertThat(received).hasSize(expected.size()).isEqualTo(expected);
        assertThat(streamed.out).contains("flows     " + String.format("%,d", expected.size()) + " written to Kafka topic "
                + flowsTopic);
    }

    /** A flow as column to value, numbers compared as numbers (CSV and JSON write them differently). */
    private static String numbers(Map<String, ?> row) {
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

    private static List<String> committedFlows(String topic, int expected) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> flows = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (flows.size() < expected && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode flow = json.readTree(record.value());
                    Map<String, Object> row = new TreeMap<>();
                    flow.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().asText()));
                    flows.add(numbers(row));
                }
            }
            // Anything beyond the expected flows would be a duplicate: give it a moment to show.
            consumer.poll(Duration.ofMillis(1000)).forEach(r -> flows.add("unexpected: " + new String(r.value())));
        }
        return flows;
    }
}
