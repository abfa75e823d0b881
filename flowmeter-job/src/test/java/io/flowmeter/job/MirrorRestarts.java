package io.flowmeter.job;

import io.flowmeter.pcap.decode.LinkTypes;
import io.flowmeter.pcap.kafka.KafkaFrames;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What the tests that kill a continuous job on mirrored traffic and restore it share: waiting on the job's
 * process, its checkpoints, and the clock frames that move event time on after the captures.
 */
final class MirrorRestarts {

    private MirrorRestarts() {}

    /**
     * The number of the latest completed checkpoint in a {@code --checkpoint-dir} (Flink writes
     * {@code DIR/JOB-ID/chk-N/_metadata} last), whichever job took it; 0 for none.
     */
    static long latestCheckpoint(Path checkpoints) throws IOException {
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

    /** Waits for {@code condition}, failing at once if the job's process ends. */
    static void awaitOrFail(JobProcess job, Callable<Boolean> condition, String what) throws Exception {
        awaitOrFail(job, condition, what, () -> "");
    }

    /** As {@link #awaitOrFail(JobProcess, Callable, String)}, adding {@code state} to a failure's message. */
    static void awaitOrFail(JobProcess job, Callable<Boolean> condition, String what, Callable<String> state)
            throws Exception {
        Await.until(what, Duration.ofSeconds(120), Duration.ofMillis(100), () -> {
            if (!job.isAlive()) {
                throw new AssertionError("no " + what + ": the job ended; its output:\n" + job.output());
            }
            return condition.call();
        }, () -> state.call() + "; the job's output:\n" + job.output());
    }

    /**
     * One frame on every partition of {@code topic} at {@code timestampNanos} (after the captures): it moves event
     * time on everywhere, as live traffic would, so that every flow of the captures ends by idle timeout.
     */
    static void sendClockFrames(KafkaBroker broker, String topic, int partitions, long timestampNanos) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < partitions; partition++) {
                byte[] frame = udpOverIpv4(partition);
                producer.send(new ProducerRecord<>(topic, partition, timestampNanos / 1_000_000L, null, frame,
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
