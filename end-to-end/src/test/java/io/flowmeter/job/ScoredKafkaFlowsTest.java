package io.flowmeter.job;

import io.flowmeter.job.FlowTopic.Isolation;
import io.flowmeter.train.cli.TrainCli;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A model trained by flowmeter-train scores flows into Kafka: every scored flow and the alerts, exactly once. */
class ScoredKafkaFlowsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir Path dir;

    @Test
    void scoredFlowsAndAlertsGoToTheirTopics() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = dir.resolve("model");
        assertThat(TrainCli.run(System.out, System.err, TrainingCaptures.trainArguments(captures, model, "logistic")))
                .isZero();
        BROKER.createTopic("scored-flows", 2);
        BROKER.createTopic("scored-alerts", 2);
        CliRun offline = CliRun.of("--input", captures.toString(), "--output", dir.resolve("scored").toString(),
                "--model", model.toString(), "--no-progress");
        CliRun toKafka = CliRun.of("--input", captures.toString(), "--model", model.toString(),
                "--kafka-bootstrap-servers", BROKER.bootstrapServers(), "--flows-topic", "scored-flows",
                "--alerts-topic", "scored-alerts", "--no-progress", "--parallelism", "2");

        assertThat(offline.exitStatus).as(offline.toString()).isZero();
        assertThat(toKafka.exitStatus).as(toKafka.toString()).isZero();
        List<Map<String, String>> scored = CliRun.flows(dir.resolve("scored"));
        List<String> flagged = scored.stream().filter(flow -> flow.get("label").equals("malicious"))
                .map(FlowTopic::comparable).sorted().collect(Collectors.toList());
        assertThat(flagged).as("flows the model flags").isNotEmpty().hasSizeLessThan(scored.size());
        assertThat(FlowTopic.read(BROKER, "scored-flows", Isolation.READ_COMMITTED).stream().sorted()
                .collect(Collectors.toList()))
                .isEqualTo(scored.stream().map(FlowTopic::comparable).sorted().collect(Collectors.toList()));
        assertThat(FlowTopic.read(BROKER, "scored-alerts", Isolation.READ_COMMITTED).stream().sorted()
                .collect(Collectors.toList())).isEqualTo(flagged);
    }
}
