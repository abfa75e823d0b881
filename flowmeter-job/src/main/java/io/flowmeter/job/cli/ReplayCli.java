package io.flowmeter.job.cli;

import io.flowmeter.job.KafkaConnection;
import io.flowmeter.job.MirroredFrameKey;
import io.flowmeter.jobs.cli.CommandLines;
import io.flowmeter.jobs.cli.Usage;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;
import io.flowmeter.pcap.kafka.KafkaFrames;
import io.flowmeter.pcap.source.CaptureDiscovery;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/flowmeter-replay}: pushes captures into a Kafka topic as mirrored traffic ({@code docs/kafka-format.md}),
 * at the recorded speed, N times it, or as fast as possible. Frames of one flow share a key, so they stay in one
 * partition and in order.
 */
@Command(name = "flowmeter-replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the frames of pcap/pcapng captures (also gzip) to a Kafka topic, one record per frame, in"
                + " the format of docs/kafka-format.md: the mirrored-traffic producer for demos and tests.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every frame was acknowledged", "1:a capture or the broker failed", "2:unusable arguments"})
public final class ReplayCli implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--input", arity = "1..*", required = true, paramLabel = "PATH",
            description = "Capture files or directories (read recursively, in path order).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka brokers to connect to.")
    String bootstrapServers;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic to write frames to.")
    String topic;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) as a Java properties file.")
    String kafkaPropertiesFile;

    @Option(names = "--speed", paramLabel = "SPEED", defaultValue = "max",
            description = "recorded (the capture's own pace), a factor such as 10 (ten times as fast), or max. Default:"
                    + " ${DEFAULT-VALUE}.")
    String speed;

    private final PrintStream out;
    private final PrintStream err;

    ReplayCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        CommandLines.exit(run(System.out, System.err, args));
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        return CommandLines.execute(new ReplayCli(out, err), out, err, args);
    }

    @Override
    public Integer call() throws Exception {
        KafkaConnection kafka = KafkaOptions.connection(new Usage(spec), "--bootstrap-servers", bootstrapServers,
                kafkaPropertiesFile);
        double factor = speedFactor();
        InputResolver resolved = InputResolver.resolve(inputs);
        if (!resolved.problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", resolved.problems));
        }
        List<Path> captures = CaptureDiscovery.captures(resolved.readable);
        Properties config = new Properties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(kafka.clientProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        AtomicReference<Exception> failure = new AtomicReference<>();
        long frames = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            Pacer pacer = new Pacer(factor);
            PacketDecoder decoder = new PacketDecoder();
            PacketRecord packet = new PacketRecord();
            CapturedFrame frame = new CapturedFrame();
            for (Path capture : captures) {
                try (InputStream in = CaptureFiles.decompressed(capture.toString(),
                        new BufferedInputStream(Files.newInputStream(capture)))) {
                    CaptureFileReader reader = CaptureFiles.open(capture.toString(), in);
                    while (reader.next(frame) && failure.get() == null) {
                        pacer.await(frame.timestampNanos());
                        decoder.decode(frame, packet);
                        byte[] key = MirroredFrameKey.of(packet);
                        // The record's timestamp is the time of sending, not of capture: a broker's retention
                        // counts from it, and would delete a replay of a capture older than its retention at once.
                        producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key,
                                KafkaFrames.value(frame),
                                KafkaFrames.headers(frame.timestampNanos(), frame.linkType(), frame.wireLength())),
                                (metadata, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    }
                                });
                        frames++;
                    }
                } catch (IOException e) {
                    err.println("flowmeter-replay: " + e.getMessage());
                    return 1;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            err.println("flowmeter-replay: the broker refused a frame: " + failure.get());
            return 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "flowmeter-replay: %,d frames of %d captures to %s in %.1f s (%,.0f frames/s)%n",
                frames, captures.size(), topic, seconds, frames / Math.max(seconds, 1e-9));
        return 0;
    }

    private double speedFactor() {
        if ("max".equals(speed)) {
            return Double.POSITIVE_INFINITY;
        }
        if ("recorded".equals(speed)) {
            return 1.0;
        }
        try {
            double factor = Double.parseDouble(speed);
            if (factor > 0 && Double.isFinite(factor)) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new ParameterException(spec.commandLine(),
                "--speed must be recorded, max, or a positive factor such as 10; got " + speed);
    }

    /** Holds frames back to the capture's own pace times a factor. */
    private static final class Pacer {
        private final double factor;
        private long firstFrameNanos = Long.MIN_VALUE;
        private long startNanos;

        Pacer(double factor) {
            this.factor = factor;
        }

        void await(long frameNanos) {
            if (Double.isInfinite(factor)) {
                return;
            }
            if (firstFrameNanos == Long.MIN_VALUE) {
                firstFrameNanos = frameNanos;
                startNanos = System.nanoTime();
                return;
            }
            long due = startNanos + (long) ((frameNanos - firstFrameNanos) / factor);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
