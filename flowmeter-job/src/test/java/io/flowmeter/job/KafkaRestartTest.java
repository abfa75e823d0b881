package io.flowmeter.job;

import io.flowmeter.job.FlowTopic.Isolation;
import io.flowmeter.job.cli.ReplayCli;
import io.flowmeter.pcap.decode.LinkTypes;
import io.flowmeter.pcap.kafka.KafkaFrames;
import io.flowmeter.testing.SharedData;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
            awaitOrFail(first, () -> read(Isolation.READ_COMMITTED) > 0, "a checkpoint to commit the first flows");
            // Right after a commit, so that the next checkpoint is seconds away: flows of the next captures are
            // written in a transaction that the kill leaves open.
            int committed = read(Isolation.READ_COMMITTED);
            replay(sample.resolve("loopback-udp-dns-like.pcapng"));
            replay(sample.resolve("loopback-nmap-syn-scan.pcap.gz"));
            awaitOrFail(first, () -> read(Isolation.READ_UNCOMMITTED) > committed, "flows of the second captures");
            first.kill();
        }
        committedAtKill = read(Isolation.READ_COMMITTED);
        writtenAtKill = read(Isolation.READ_UNCOMMITTED);
        assertThat(writtenAtKill).as("flows written but not committed when the job was killed")
                .isGreaterThan(committedAtKill);
        // The captures were recorded before now.
        sendClockFrames((System.currentTimeMillis() + Duration.ofHours(1).toMillis()) * 1_000_000L);

        List<String> received;
        List<String> restart = new ArrayList<>(job);
        restart.addAll(List.of("--restore", checkpoints.toString()));
        try (JobProcess second = JobProcess.start(dir.resolve("second.log"), restart.toArray(String[]::new))) {
            FlowTopic.awaitCommitted(BROKER, "flows", expected.size(), Duration.ofSeconds(120));
            // A flow written twice would be committed by the second checkpoint from now.
            long checkpoint = latestCheckpoint(checkpoints);
            awaitOrFail(second, () -> latestCheckpoint(checkpoints) >= checkpoint + 2,
                    "two more completed checkpoints after chk-" + checkpoint);
            received = FlowTopic.read(BROKER, "flows", Isolation.READ_COMMITTED);
            assertThat(second.isAlive()).as(second.output()).isTrue();
            assertThat(second.output()).containsPattern("resuming from file:" + checkpoints + "/[0-9a-f]{32}/chk-[0-9]+");
        }
        System.out.printf("restart: %d flows expected, %d committed and %d written at the kill, %d committed after"
                + " the restart%n", expected.size(), committedAtKill, writtenAtKill, received.size());
        assertThat(received.stream().sorted().collect(Collectors.toList())).isEqualTo(expected);
    }

    /**
     * The number of the latest completed checkpoint in a {@code --checkpoint-dir} (Flink writes
     * {@code DIR/JOB-ID/chk-N/_metadata} last), whichever job took it; 0 for none.
     */
    private static long latestCheckpoint(Path checkpoints) throws IOException {
        long latest = 0;
        if (!Files.isDirectory(checkpoints)) {
            return latest;
        }
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(checkpoints)) {
            for (Path job : jobs) {
                try (DirectoryStream<Path> taken = Files.newDirectoryStream(job, "chk-*")) {
                    for (Path checkpoint : taken) {
                        if (Files.exists(checkpoint.resolve("_metadata"))) {
                            latest = Math.max(latest, Long.parseLong(checkpoint.getFileName().toString().substring(4)));
                        }
                    }
                } catch (NoSuchFileException | NotDirectoryException notACheckpointDirectory) {
                    // a file, or a directory Flink has just removed
                }
            }
        }
        return latest;
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

    /** Waits for {@code condition}, failing at once if the job's process ends. */
    private static void awaitOrFail(JobProcess job, Callable<Boolean> condition, String what) throws Exception {
        Await.until(what, Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
            if (!job.isAlive()) {
                throw new AssertionError("no " + what + ": the job ended; its output:\n" + job.output());
            }
            return condition.call();
        }, () -> "; the job's output:\n" + job.output());
    }

    /**
     * One frame on every partition of the mirror topic, an hour after the captures: it moves event time on
     * everywhere, as live traffic would, so that every flow of the captures ends by idle timeout.
     */
    private static void sendClockFrames(long timestampNanos) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < MIRROR_PARTITIONS; partition++) {
                byte[] frame = udpOverIpv4(partition);
                producer.send(new ProducerRecord<>("mirror", partition, timestampNanos / 1_000_000L, null, frame,
                        KafkaFrames.headers(timestampNanos, LinkTypes.RAW, frame.length)));
            }
        }
    }

    /** A 28-byte IPv4/UDP datagram from 10.255.255.1 to 10.255.255.(2 + n), no payload. */
    private static byte[] udpOverIpv4(int n) {
        return ByteBuffer.allocate(28)
                .put((byte) 0x45).put((byte) 0).putShort((short) 28).putInt(0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {10, (byte) 255, (byte) 255, 1}).put(new byte[] {10, (byte) 255, (byte) 255, (byte) (2 + n)})
                .putShort((short) 40000).putShort((short) 9).putShort((short) 8).putShort((short) 0)
                .array();
    }
}
