package io.flowmeter.job;

import io.flowmeter.job.FlowTopic.Isolation;
import io.flowmeter.job.cli.ReplayCli;
import io.flowmeter.testing.SharedData;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirrored traffic end to end: captures replayed into Kafka, through the flow job reading the topic, into a flows
 * topic (exactly once, read {@code read_committed}) give the same flows as the offline run on the captures.
 */
class KafkaFlowsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir Path dir;

    @Test
    void sampleCapturesThroughKafkaGiveTheOfflineFlows() throws Exception {
        assertKafkaFlowsEqualOffline(SharedData.sampleData(), "sample");
    }

    @Test
    void aSharedCaptureThroughKafkaGivesTheOfflineFlows() throws Exception {
        assertKafkaFlowsEqualOffline(SharedData.sharedPcaps().resolve("chrissanders__http_espn.pcapng"), "espn");
    }

    /** With a model, scored flows go to the flows topic and the flagged ones to the alerts topic, both at once. */
    private void assertKafkaFlowsEqualOffline(Path captures, String name) throws Exception {
        String mirror = name + "-mirror";
        String flowsTopic = name + "-flows";
        BROKER.createTopic(mirror, 3);
        BROKER.createTopic(flowsTopic, 2);
        assertThat(ReplayCli.run(System.out, System.err, "--input", captures.toString(), "--bootstrap-servers",
                BROKER.bootstrapServers(), "--topic", mirror)).isZero();

        CliRun offline = CliRun.of("--input", captures.toString(), "--output", dir.resolve("offline").toString(),
                "--no-progress");
        CliRun streamed = CliRun.of("--kafka-topic", mirror, "--kafka-bootstrap-servers", BROKER.bootstrapServers(),
                "--kafka-start", "earliest", "--kafka-bounded", "--kafka-group-id", name, "--flows-topic", flowsTopic,
                "--no-progress", "--parallelism", "2");

        assertThat(offline.exitStatus).as(offline.toString()).isZero();
        assertThat(streamed.exitStatus).as(streamed.toString()).isZero();
        List<String> expected = CliRun.flows(dir.resolve("offline")).stream().map(FlowTopic::comparable).sorted()
                .collect(Collectors.toList());
        // The job has ended: every flow it wrote is committed, and no other will come.
        List<String> received = FlowTopic.read(BROKER, flowsTopic, Isolation.READ_COMMITTED).stream().sorted()
                .collect(Collectors.toList());
        assertThat(received).hasSize(expected.size()).isEqualTo(expected);
        assertThat(streamed.out).contains("flows     " + String.format("%,d", expected.size()) + " written to Kafka topic "
                + flowsTopic);
    }
}
