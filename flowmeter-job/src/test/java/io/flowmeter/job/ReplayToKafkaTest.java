package io.flowmeter.job;

import io.flowmeter.flow.FlowKey;
import io.flowmeter.job.cli.ReplayCli;
import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;
import io.flowmeter.pcap.kafka.KafkaFrames;
import io.flowmeter.testing.SharedData;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/flowmeter-replay} against a real KRaft broker: every frame arrives, in the documented format. */
class ReplayToKafkaTest {

    @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();

    @Test
    void replayedFramesDecodeToThePacketsOfTheCaptures() throws Exception {
        BROKER.createTopic("mirror", 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = ReplayCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                "--input", SharedData.sampleData().toString(), "--bootstrap-servers", BROKER.bootstrapServers(),
                "--topic", "mirror");

        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        List<PacketRecord> expected = packetsOfCaptures(SharedData.sampleData());
        List<ConsumerRecord<byte[], byte[]>> records = consumeAll("mirror", expected.size());
        PacketDecoder decoder = new PacketDecoder();
        CapturedFrame scratch = new CapturedFrame();
        List<PacketRecord> received = new ArrayList<>();
        Map<Integer, Map<FlowKey, Long>> lastTimeByPartitionAndFlow = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            PacketRecord packet = KafkaFrames.decode(record, decoder, scratch, new PacketRecord());
            received.add(packet);
            if (packet.getKind() == PacketKind.IP) {
                Long previous = lastTimeByPartitionAndFlow.computeIfAbsent(record.partition(), p -> new HashMap<>())
                        .put(FlowKey.of(packet), packet.getTimestampNanos());
                assertThat(previous == null || previous <= packet.getTimestampNanos())
                        .as("frames of a flow stay in order within their partition").isTrue();
            }
        }
        assertThat(received).hasSize(529).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count()).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("529 frames of 3 captures to mirror");
    }

    @Test
    void anUnknownSpeedIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReplayCli.run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), "--input",
                SharedData.sampleData().toString(), "--bootstrap-servers", BROKER.bootstrapServers(), "--topic", "t",
                "--speed", "fast");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--speed must be recorded, max, or a positive factor");
    }

    @Test
    void clientPropertiesFromAFileReachTheProducer(@TempDir Path dir) throws Exception {
        Path properties = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = ReplayCli.run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), "--input",
                SharedData.sampleData().toString(), "--bootstrap-servers", BROKER.bootstrapServers(), "--topic", "t2",
                "--kafka-properties", properties.toString());

        // SASL without a JAAS login is refused by the Kafka client itself: the file's settings were applied.
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("flowmeter-replay: error:")
                .contains("JAAS").doesNotContain("\tat ");
    }

    private static List<PacketRecord> packetsOfCaptures(Path directory) throws Exception {
        List<PacketRecord> packets = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("loopback-")).sorted()
                    .collect(Collectors.toList());
        }
        for (Path file : files) {
            try (InputStream in =
                    CaptureFiles.decompressed(file.toString(), new BufferedInputStream(Files.newInputStream(file)))) {
                CaptureFileReader reader = CaptureFiles.open(file.toString(), in);
                CapturedFrame frame = new CapturedFrame();
                PacketDecoder decoder = new PacketDecoder();
                while (reader.next(frame)) {
                    packets.add(decoder.decode(frame, new PacketRecord()));
                }
            }
        }
        return packets;
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = BROKER.consumerFromBeginning(topic, "read_committed")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
