package io.flowmeter.bench;

import io.flowmeter.job.MirroredFrameKey;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;
import io.flowmeter.pcap.kafka.KafkaFrames;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The driver of {@code benchmarks/alert-latency.sh}: plays a capture of malicious traffic into the mirror topic of
 * a running {@code bin/flowmeter --kafka-topic ... --model ... --alerts-topic ...} as live traffic (each round
 * restamped to the wall clock, rounds at random intervals), and times every alert on the alerts topic, read {@code read_committed} as an
 * exactly-once consumer must, from the moment Kafka acknowledged the last packet of its flow. Background traffic (a
 * UDP datagram on every partition every {@value #TICK_MILLIS} ms, one long flow per partition) keeps event time
 * moving between and after the rounds, as the rest of a mirror port's traffic does: closed flows are written once
 * event time has passed their TCP linger, and without later traffic the last rounds' would wait for it.
 *
 * <pre>
 *   AlertLatency topics BOOTSTRAP MIRROR ALERTS
 *   AlertLatency measure BOOTSTRAP MIRROR ALERTS CAPTURE ROUNDS ROUND_INTERVAL_MS SETTLE_SECONDS
 * </pre>
 * SETTLE_SECONDS: how long alerts are awaited after the last round; more than the job's checkpoint interval.
 */
public final class AlertLatency {

    private static final Pattern FLOW_END = Pattern.compile("\"flowEndNs\":(\\d+)");
    /** The background traffic's interval. */
    static final long TICK_MILLIS = 100;
    /** Alerts of the warm-up round (job start-up) are awaited this long at most, and not measured. */
    private static final Duration WARM_UP = Duration.ofSeconds(120);

    private AlertLatency() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("topics")) {
            createTopics(args[1], args[2], args[3]);
        } else if (args.length == 8 && args[0].equals("measure")) {
            measure(args[1], args[2], args[3], Path.of(args[4]), Integer.parseInt(args[5]), Long.parseLong(args[6]),
                    Duration.ofSeconds(Long.parseLong(args[7])));
        } else {
            System.err.println("usage: AlertLatency topics BOOTSTRAP MIRROR ALERTS\n"
                    + "       AlertLatency measure BOOTSTRAP MIRROR ALERTS CAPTURE ROUNDS ROUND_INTERVAL_MS SETTLE_SECONDS");
            System.exit(2);
        }
    }

    private static void createTopics(String bootstrap, String mirror, String alerts) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(mirror, 3, (short) 1), new NewTopic(alerts, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One frame of the capture, with the partition key of its flow, and where it holds the scanner's TCP port (-1:
     * nowhere). Each round moves that port on, so that its connections are new ones, as a scan's connections are:
     * the capture played again unchanged would repeat each SYN with its sequence number within the TCP linger, a
     * retransmission that joins the lingering flow.
     */
    private static final class Frame {
        final byte[] value;
        final byte[] key;
        final long offsetNanos;
        final int linkType;
        final int wireLength;
        final int scannerPortAt;

        Frame(byte[] value, byte[] key, long offsetNanos, int linkType, int wireLength, int scannerPortAt) {
            this.value = value;
            this.key = key;
            this.offsetNanos = offsetNanos;
            this.linkType = linkType;
            this.wireLength = wireLength;
            this.scannerPortAt = scannerPortAt;
        }

        /** The frame's bytes with the scanner's port moved on by {@code round}. */
        byte[] inRound(int round) {
            if (scannerPortAt < 0) {
                return value;
            }
            byte[] copy = value.clone();
            int port = ((copy[scannerPortAt] & 0xFF) << 8 | (copy[scannerPortAt + 1] & 0xFF)) + round;
            copy[scannerPortAt] = (byte) (port >>> 8);
            copy[scannerPortAt + 1] = (byte) port;
            return copy;
        }
    }

    /**
     * Where an Ethernet/IPv4/TCP frame holds {@code port} as its source or destination port; -1 if it does not.
     * (The TCP checksum is left as it is: the flow job does not check it.)
     */
    private static int portAt(byte[] frame, int linkType, int port) {
        if (linkType != 1 || frame.length < 14 + 20 + 4 || frame[12] != 0x08 || frame[13] != 0x00 || frame[23] != 6) {
            return -1;
        }
        int tcp = 14 + (frame[14] & 0x0F) * 4;
        for (int at : new int[] {tcp, tcp + 2}) {
            if (((frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF)) == port) {
                return at;
            }
        }
        return -1;
    }

    private static void measure(String bootstrap, String mirror, String alerts, Path capture, int rounds,
            long roundIntervalMillis, Duration settle) throws Exception {
        List<Frame> frames = read(capture);
        Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0);
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(alerts).stream()
                    .map(p -> new TopicPartition(alerts, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            long[] clock = {0};
            List<Long> latencies = new ArrayList<>();
            ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
            int mirrorPartitions = producer.partitionsFor(mirror).size();
            background.scheduleAtFixedRate(() -> tick(producer, mirror, mirrorPartitions), 0, TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
            // The warm-up round is not measured: its alerts include the job's start-up.
            send(producer, mirror, frames, 0, clock, new HashMap<>());
            if (poll(consumer, WARM_UP, true, ackedAt, latencies) == 0) {
                throw new IllegalStateException("no alert within " + WARM_UP.toSeconds() + " s of the warm-up round:"
                        + " is the flow job running with --model and --alerts-topic " + alerts + "?");
            }
            poll(consumer, Duration.ofSeconds(5), false, ackedAt, latencies);

            long sent = 0;
            // Rounds at random intervals (mean ROUND_INTERVAL_MS), so that they fall at every phase of the
            // checkpoint cycle rather than at one.
            Random random = new Random(42);
            for (int round = 0; round < rounds; round++) {
                long roundEnd = System.nanoTime()
                        + (long) (TimeUnit.MILLISECONDS.toNanos(roundIntervalMillis) * (0.5 + random.nextDouble()));
                sent += send(producer, mirror, frames, round + 1, clock, ackedAt);
                poll(consumer, Duration.ofNanos(Math.max(0, roundEnd - System.nanoTime())), false, ackedAt, latencies);
            }
            poll(consumer, settle, false, ackedAt, latencies);
            background.shutdownNow();
            report(latencies, sent, rounds);
        }
    }

    /** One UDP datagram, stamped now, on each partition of the mirror topic. */
    private static void tick(KafkaProducer<byte[], byte[]> producer, String mirror, int partitions) {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int partition = 0; partition < partitions; partition++) {
            byte[] datagram = new byte[8 + 18];
            datagram[0] = (byte) 0x9C; // source port 40000 + partition, destination port 9 (discard)
            datagram[1] = (byte) (0x40 + partition);
            datagram[3] = 9;
            datagram[5] = (byte) datagram.length;
            byte[] ip = new byte[20 + datagram.length];
            ip[0] = 0x45;
            ip[3] = (byte) ip.length;
            ip[8] = 64;
            ip[9] = 17;
            ip[12] = 10; ip[15] = 1;  // 10.0.0.1
            ip[16] = 10; ip[19] = 2;  // 10.0.0.2
            System.arraycopy(datagram, 0, ip, 20, datagram.length);
            byte[] ethernet = new byte[14 + ip.length];
            ethernet[12] = 0x08;
            System.arraycopy(ip, 0, ethernet, 14, ip.length);
            CapturedFrame frame = new CapturedFrame().set(ethernet, 0, ethernet.length, ethernet.length, now, 1, false);
            producer.send(new ProducerRecord<>(mirror, partition, now / 1_000_000L, null, KafkaFrames.value(frame),
                    KafkaFrames.headers(now, 1, ethernet.length)));
        }
    }

    /** Sends one round restamped to now; returns the frames sent. Records when each frame was acknowledged. */
    private static long send(KafkaProducer<byte[], byte[]> producer, String mirror, List<Frame> frames, int round,
            long[] clock, Map<Long, Long> ackedAt) throws Exception {
        // Strictly later than the previous round, so that every timestamp (and flow end) is unique.
        long base = Math.max(System.currentTimeMillis() * 1_000_000L, clock[0] + 1_000_000L);
        for (Frame frame : frames) {
            long timestamp = base + frame.offsetNanos;
            clock[0] = Math.max(clock[0], timestamp);
            producer.send(new ProducerRecord<>(mirror, null, timestamp / 1_000_000L, frame.key, frame.inRound(round),
                    KafkaFrames.headers(timestamp, frame.linkType, frame.wireLength)), (metadata, e) -> {
                        if (e == null) {
                            ackedAt.put(timestamp, System.nanoTime());
                        }
                    });
        }
        producer.flush();
        return frames.size();
    }

    /**
     * Polls alerts for {@code wait}, or until the first alert when {@code untilFirst}, and adds the latency of each
     * alert whose flow end is in {@code ackedAt} to {@code latencies}. Returns how many alerts came.
     */
    private static int poll(KafkaConsumer<byte[], byte[]> consumer, Duration wait, boolean untilFirst,
            Map<Long, Long> ackedAt, List<Long> latencies) {
        long deadline = System.nanoTime() + wait.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline && !(untilFirst && seen > 0)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long received = System.nanoTime();
                seen++;
                Matcher end = FLOW_END.matcher(new String(record.value(), StandardCharsets.UTF_8));
                Long acked = end.find() ? ackedAt.get(Long.parseLong(end.group(1))) : null;
                if (acked != null) {
                    latencies.add(received - acked);
                }
            }
        }
        return seen;
    }

    private static void report(List<Long> latencies, long framesSent, int rounds) {
        if (latencies.isEmpty()) {
            throw new IllegalStateException("no alert matched a flow of the measured rounds");
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "RESULT rounds=%d frames=%d alerts=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f"
                        + " max_ms=%.1f min_ms=%.1f mean_ms=%.1f%n", rounds, framesSent, sorted.length,
                millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.90)), millis(percentile(sorted, 0.99)),
                millis(sorted[sorted.length - 1]), millis(sorted[0]),
                Arrays.stream(sorted).average().orElse(0) / 1e6);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static List<Frame> read(Path capture) throws Exception {
        List<Frame> frames = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        PacketRecord packet = new PacketRecord();
        CapturedFrame frame = new CapturedFrame();
        long first = Long.MIN_VALUE;
        int scannerPort = -1;
        try (InputStream in = CaptureFiles.decompressed(capture.toString(),
                        new BufferedInputStream(Files.newInputStream(capture)))) {
            CaptureFileReader reader = CaptureFiles.open(capture.toString(), in);
            while (reader.next(frame)) {
                decoder.decode(frame, packet);
                if (first == Long.MIN_VALUE) {
                    first = frame.timestampNanos();
                    scannerPort = packet.getSrcPort(); // the scan's first packet is a probe
                }
                byte[] key = MirroredFrameKey.of(packet);
                byte[] value = KafkaFrames.value(frame);
                frames.add(new Frame(value, key, frame.timestampNanos() - first, frame.linkType(), frame.wireLength(),
                        portAt(value, frame.linkType(), scannerPort)));
            }
        }
        return frames;
    }
}
