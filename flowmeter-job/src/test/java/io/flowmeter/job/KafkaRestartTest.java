package io.flowmeter.job;

import io.flowmeter.job.FlowTopic.Isolation;
import io.flowmeter.job.cli.ReplayCli;
import io.flowmeter.testing.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A continuous job on mirrored traffic is killed (SIGKILL) while output of its current checkpoint is still
 * uncommitted, then restarted with {@code --restore} from its last checkpoint: the flows topic, read
 * {@code read_committed}, holds every flow of the traffic exactly once.
 */
class KafkaRestartTest {

    private static final int MIRROR_PARTITIONS = 3;

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir Path dir;

    @Test
    void aKilledJobRestartedFromItsLastCheckpointWritesEveryFlowOnce() throws Exception {
        Path sample = SharedData.sampleData();
        BROKER.createTopic("mirror", MIRROR_PARTITIONS);
        BROKER.createTopic("flows", 2);
        // Closed flows are written at their close (no linger): the first capture's flows are committed before the
        // next captures come, with nothing later on the topic to move event time past a linger.
        CliRun offline = CliRun.of("--input", sample.toString(), "--output", dir.resolve("offline").toString(),
                "--tcp-linger", "0", "--no-progress");
        assertThat(offline.exitStatus).as(offline.toString()).isZero();
        // Offline, the flows still open at the end of the captures end as "eof"; on Kafka, the clock frames sent at
        // the end end them as "idle". Nothing else may differ.
        List<String> expected = CliRun.flows(dir.resolve("offline")).stream()
                .map(row -> row.get("endReason").equals("eof") ? withEndReason(row, "idle") : row)
                .map(FlowTopic::comparable).sorted().collect(Collectors.toList());

        Path checkpoints = dir.resolve("checkpoints");
        List<String> job = List.of("--kafka-topic", "mirror", "--kafka-bootstrap-servers", BROKER.bootstrapServers(),
                "--kafka-start", "earliest", "--kafka-idle-partition", "1", "--flows-topic", "flows",
                "--checkpoint-dir", checkpoints.toString(), "--checkpoint-interval", "5",
                "--tcp-linger", "0", "--parallelism", "2", "--no-progress");
        // The captures in the order they were recorded, so that event time only moves forwards.
        replay(sample.resolve("loopback-http-curl.pcap"));
        int committedAtKill;
        int writtenAtKill;
        try (JobProcess first = JobProcess.start(dir.resolve("first.log"), job.toArray(String[]::new))) {
            MirrorRestarts.awaitOrFail(first, () -> read(Isolation.READ_COMMITTED) > 0, "a checkpoint to commit the first flows");
            // Right after a commit, so that the next checkpoint is seconds away: flows of the next captures are
            // written in a transaction that the kill leaves open.
            int committed = read(Isolation.READ_COMMITTED);
            replay(sample.resolve("loopback-udp-dns-like.pcapng"));
            replay(sample.resolve("loopback-nmap-syn-scan.pcap.gz"));
            MirrorRestarts.awaitOrFail(first, () -> read(Isolation.READ_UNCOMMITTED) > committed, "flows of the second captures");
            first.kill();
        }
        committedAtKill = read(Isolation.READ_COMMITTED);
        writtenAtKill = read(Isolation.READ_UNCOMMITTED);
        assertThat(writtenAtKill).as("flows written but not committed when the job was killed")
                .isGreaterThan(committedAtKill);
        // The captures were recorded before now.
        MirrorRestarts.sendClockFrames(BROKER, "mirror", MIRROR_PARTITIONS, (System.currentTimeMillis() + Duration.ofHours(1).toMillis()) * 1_000_000L);

        List<String> received;
        List<String> restart = new ArrayList<>(job);
        restart.addAll(List.of("--restore", checkpoints.toString()));
        try (JobProcess second = JobProcess.start(dir.resolve("second.log"), restart.toArray(String[]::new))) {
            FlowTopic.awaitCommitted(BROKER, "flows", expected.size(), Duration.ofSeconds(120));
            // A flow written twice would be committed by the second checkpoint from now.
            long checkpoint = MirrorRestarts.latestCheckpoint(checkpoints);
            MirrorRestarts.awaitOrFail(second, () -> MirrorRestarts.latestCheckpoint(checkpoints) >= checkpoint + 2,
                    "two more completed checkpoints after chk-" + checkpoint);
            received = FlowTopic.read(BROKER, "flows", Isolation.READ_COMMITTED);
            assertThat(second.isAlive()).as(second.output()).isTrue();
            assertThat(second.output()).containsPattern("resuming from file:" + checkpoints + "/[0-9a-f]{32}/chk-[0-9]+");
        }
        System.out.printf("restart: %d flows expected, %d committed and %d written at the kill, %d committed after"
                + " the restart%n", expected.size(), committedAtKill, writtenAtKill, received.size());
        assertThat(received.stream().sorted().collect(Collectors.toList())).isEqualTo(expected);
    }

    private static Map<String, String> withEndReason(Map<String, String> row, String reason) {
        Map<String, String> copy = new LinkedHashMap<>(row);
        copy.put("endReason", reason);
        return copy;
    }

    private static int read(Isolation isolation) throws Exception {
        return FlowTopic.read(BROKER, "flows", isolation).size();
    }

    private static void replay(Path capture) {
        assertThat(ReplayCli.run(System.out, System.err, "--input", capture.toString(), "--bootstrap-servers",
                BROKER.bootstrapServers(), "--topic", "mirror")).isZero();
    }
}
