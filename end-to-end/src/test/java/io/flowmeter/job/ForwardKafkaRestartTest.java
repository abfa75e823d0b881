package io.flowmeter.job;

import io.flowmeter.job.FlowTopic.Isolation;
import io.flowmeter.job.cli.ReplayCli;
import io.flowmeter.pcap.kafka.KafkaFrames;
import io.flowmeter.train.cli.TrainCli;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --forward-topic} on mirrored traffic, exactly once: a continuous job that scores flows with a trained model
 * and forwards the frames of the flagged ones is killed (SIGKILL) while forwarded frames of its current checkpoint
 * are still uncommitted, then restarted with {@code --restore}. The forward topic, read {@code read_committed},
 * holds each forwarded frame once, and they are the frames that {@code --forward-pcap} forwards from the same
 * captures read as archives (time, wire length and bytes).
 */
class ForwardKafkaRestartTest {

    private static final int MIRROR_PARTITIONS = 2;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir Path dir;

    @Test
    void aKilledForwardingJobRestartedFromItsLastCheckpointForwardsEveryFrameOnce() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = dir.resolve("model");
        assertThat(TrainCli.run(System.out, System.err, TrainingCaptures.trainArguments(captures, model, "logistic")))
                .isZero();
        Path reference = dir.resolve("reference");
        CliRun archives = CliRun.of("--input", captures.toString(), "--output", dir.resolve("offline").toString(),
                "--model", model.toString(), "--forward-pcap", reference.toString(), "--tcp-linger", "0",
                "--no-progress");
        assertThat(archives.exitStatus).as(archives.toString()).isZero();
        List<String> expected = ForwardedFrames.inPcaps(reference);
        assertThat(expected).as("frames forwarded from the archives").isNotEmpty();

        BROKER.createTopic("mirror", MIRROR_PARTITIONS);
        BROKER.createTopic("flows", 2);
        BROKER.createTopic("forward", 2);
        Path checkpoints = dir.resolve("checkpoints");
        List<String> job = List.of("--kafka-topic", "mirror", "--kafka-bootstrap-servers", BROKER.bootstrapServers(),
                "--kafka-start", "earliest", "--kafka-idle-partition", "1", "--flows-topic", "flows",
                "--model", model.toString(), "--forward-topic", "forward",
                "--checkpoint-dir", checkpoints.toString(), "--checkpoint-interval", "5",
                "--tcp-linger", "0", "--parallelism", "2", "--no-progress");
        // In the captures' time order, so that event time only moves forwards.
        replay(captures.resolve("benign-1.pcap"));
        replay(captures.resolve("scan-1.pcap"));
        replay(captures.resolve("benign-2.pcap"));
        int committedAtKill;
        int writtenAtKill;
        try (JobProcess first = JobProcess.start(dir.resolve("first.log"), job.toArray(String[]::new))) {
            MirrorRestarts.awaitOrFail(first, () -> frames(Isolation.READ_COMMITTED).size() > 0,
                    "a checkpoint to commit the first forwarded frames");
            int committed = frames(Isolation.READ_COMMITTED).size();
            replay(captures.resolve("scan-2.pcap"));
            replay(captures.resolve("benign-3.pcap"));
            replay(captures.resolve("scan-3.pcap"));
            MirrorRestarts.awaitOrFail(first, () -> frames(Isolation.READ_UNCOMMITTED).size() > committed,
                    "forwarded frames of the later captures");
            first.kill();
        }
        committedAtKill = frames(Isolation.READ_COMMITTED).size();
        writtenAtKill = frames(Isolation.READ_UNCOMMITTED).size();
        assertThat(writtenAtKill).as("frames forwarded but not committed when the job was killed")
                .isGreaterThan(committedAtKill);
        MirrorRestarts.sendClockFrames(BROKER, "mirror", MIRROR_PARTITIONS, (System.currentTimeMillis() + Duration.ofHours(1).toMillis()) * 1_000_000L);

        List<String> received;
        List<String> restart = new ArrayList<>(job);
        restart.addAll(List.of("--restore", checkpoints.toString()));
        try (JobProcess second = JobProcess.start(dir.resolve("second.log"), restart.toArray(String[]::new))) {
            AtomicReference<List<String>> committed = new AtomicReference<>(List.of());
            MirrorRestarts.awaitOrFail(second, () -> {
                committed.set(frames(Isolation.READ_COMMITTED));
                return committed.get().size() >= expected.size();
            }, expected.size() + " committed frames on the forward topic", () -> {
                List<String> missing = new ArrayList<>(expected);
                committed.get().forEach(missing::remove);
                int flows = FlowTopic.read(BROKER, "flows", Isolation.READ_COMMITTED).size();
                return " (" + committed.get().size() + " committed, beside " + flows + " flows on the flows topic"
                        + "; missing " + missing.size() + ", the first "
                        + missing.stream().limit(3).map(f -> f.substring(0, f.indexOf(' ', f.indexOf(' ') + 1)))
                        .collect(Collectors.toList()) + ")";
            });
            // A frame forwarded twice would be committed by the second checkpoint from now.
            long checkpoint = MirrorRestarts.latestCheckpoint(checkpoints);
            MirrorRestarts.awaitOrFail(second, () -> MirrorRestarts.latestCheckpoint(checkpoints) >= checkpoint + 2,
                    "two more completed checkpoints after chk-" + checkpoint);
            received = frames(Isolation.READ_COMMITTED);
            assertThat(second.isAlive()).as(second.output()).isTrue();
            assertThat(second.output()).contains("resuming from");
        }
        System.out.printf("forward restart: %d frames expected, %d committed and %d written at the kill, %d committed"
                + " after the restart%n", expected.size(), committedAtKill, writtenAtKill, received.size());
        assertThat(received.stream().sorted().collect(Collectors.toList())).isEqualTo(expected);
    }

    /** The frames on the forward topic up to its end at the time of the call. */
    private static List<String> frames(Isolation isolation) {
        List<String> frames = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                BROKER.consumerFromBeginning("forward", isolation.name().toLowerCase(Locale.ROOT))) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the forward topic to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    frames.add(ForwardedFrames.line(header(record, KafkaFrames.TIMESTAMP_NANOS).getLong(),
                            header(record, KafkaFrames.ORIGINAL_LENGTH).getInt(), record.value()));
                }
            }
        }
        return frames;
    }

    private static ByteBuffer header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return ByteBuffer.wrap(header.value());
    }

    private static void replay(Path capture) {
        assertThat(ReplayCli.run(System.out, System.err, "--input", capture.toString(), "--bootstrap-servers",
                BROKER.bootstrapServers(), "--topic", "mirror")).isZero();
    }
}
