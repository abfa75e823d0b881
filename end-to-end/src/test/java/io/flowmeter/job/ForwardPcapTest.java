package io.flowmeter.job;

import io.flowmeter.job.forward.ForwardingReport;
import io.flowmeter.model.ModelManifest;
import io.flowmeter.testing.SharedData;
import io.flowmeter.train.cli.TrainCli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --forward-pcap} on the labelled shared captures with a model trained on them (the defaults, split by
 * capture for speed): the forwarded pcaps hold exactly the packets of the flagged flows (each flow's packets and
 * bytes, and their sums, equal its record's), tshark reads them and finds exactly the flagged flows' conversations
 * and frames, and ndpiReader classifies every forwarded flow as it does in the full capture.
 */
class ForwardPcapTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    private static final Path SHARED_LABELS = Path.of("../flowmeter-job/src/test/resources/labels/shared-pcaps.labels.csv");

    @TempDir static Path dir;
    private static List<Path> captures;
    private static Path forward;
    private static Path out;
    private static String printed;

    @BeforeAll
    static void scoreAndForward() throws Exception {
        captures = SharedCapturesEvaluationTest.labelledCaptures(SharedData.sharedPcaps());
        Path model = dir.resolve("model");
        List<String> train = new ArrayList<>(List.of("--captures"));
        captures.forEach(c -> train.add(c.toString()));
        train.addAll(List.of("--labels", SHARED_LABELS.toString(), "--unlabelled", "benign", "--evaluation", "split",
                "--output", model.toString()));
        ByteArrayOutputStream trainOut = new ByteArrayOutputStream();
        assertThat(TrainCli.run(new PrintStream(trainOut, true, StandardCharsets.UTF_8), System.err,
                train.toArray(new String[0]))).as(trainOut.toString(StandardCharsets.UTF_8)).isZero();

        out = dir.resolve("flows");
        forward = dir.resolve("forward");
        List<String> args = new ArrayList<>(List.of("--input"));
        captures.forEach(c -> args.add(c.toString()));
        args.addAll(List.of("--output", out.toString(), "--model", model.toString(), "--forward-pcap",
                forward.toString(), "--no-progress"));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        printed = run.toString();
        System.out.println(printed);
        assertThat(run.exitStatus).as(printed).isZero();
    }

    @Test
    void theForwardedPacketsAreExactlyThoseOfTheFlaggedFlows() throws Exception {
        JsonNode report = ModelManifest.json().readTree(forward.resolve(ForwardingReport.NAME).toFile());
        List<Map<String, String>> alerts = CliRun.flows(out.resolve("alerts")).stream()
                .filter(f -> !f.get("endReason").equals("partial")).collect(Collectors.toList());
        long packets = alerts.stream().mapToLong(f -> Long.parseLong(f.get("flowLength"))).sum();
        long bytes = alerts.stream().mapToLong(f -> Long.parseLong(f.get("packetSizeTotal"))).sum();

        assertThat(alerts).isNotEmpty();
        assertThat(report.get("flaggedFlows").asLong()).isEqualTo(alerts.size());
        assertThat(report.get("incompleteFlows").asLong()).as("flows whose packets or bytes differ").isZero();
        assertThat(report.get("forwardedPackets").asLong()).isEqualTo(packets);
        assertThat(report.get("forwardedBytes").asLong()).isEqualTo(bytes);
        assertThat(report.get("forwardedPacketShare").asDouble()).isBetween(0.0, 1.0);
        assertThat(printed).contains("forwarded " + String.format(java.util.Locale.ROOT, "%,d", packets) + " of ");

        long frames = 0;
        for (Path pcap : forwardedPcaps()) {
            frames += tsharkLines(pcap, "-T", "fields", "-e", "frame.number").size();
        }
        assertThat(frames).as("tshark's frames of the forwarded pcaps").isEqualTo(packets);
    }

    @Test
    void tsharksConversationsOfTheForwardedPcapsAreTheFlaggedFlows() throws Exception {
        Set<String> flagged = new TreeSet<>();
        for (Map<String, String> f : CliRun.flows(out.resolve("alerts"))) {
            if (f.get("protocol").equals("6") || f.get("protocol").equals("17")) {
                flagged.add(conversation(f.get("protocol"), f.get("srcIP"), f.get("srcPort"), f.get("dstIP"),
                        f.get("dstPort")));
            }
        }
        Set<String> conversations = new TreeSet<>();
        for (Path pcap : forwardedPcaps()) {
            for (String line : tsharkLines(pcap, "-T", "fields", "-E", "separator=,", "-e", "ip.proto",
                    "-e", "ipv6.nxt", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "udp.srcport",
                    "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport", "-e", "udp.dstport",
                    "-Y", "(tcp or udp) and not icmp and not icmpv6")) {
                String[] f = line.split(",", -1);
                String protocol = f[0].isEmpty() ? f[1] : f[0];
                conversations.add(conversation(protocol, first(f[2], f[3]), first(f[4], f[5]), first(f[6], f[7]),
                        first(f[8], f[9])));
            }
        }
        assertThat(conversations).as("tshark's TCP and UDP conversations").isEqualTo(flagged);
    }

    @Test
    void ndpiReaderClassifiesEveryForwardedFlowAsInTheFullCapture() throws Exception {
        int compared = 0;
        for (Path capture : captures) {
            String stem = capture.getFileName().toString().replaceAll("\\.(pcapng|pcap)$", "");
            Path forwarded = forward.resolve(stem + ".flagged.pcap");
            if (!Files.exists(forwarded)) {
                continue;
            }
            Map<String, Set<String>> full = ndpiProtocols(capture);
            Map<String, Set<String>> part = ndpiProtocols(forwarded);
            for (Map.Entry<String, Set<String>> flow : part.entrySet()) {
                assertThat(full.get(flow.getKey())).as(stem + " " + flow.getKey()).isEqualTo(flow.getValue());
                compared++;
            }
        }
        System.out.println("ndpiReader: " + compared + " forwarded flows classified as in their full captures");
        assertThat(compared).isPositive();
    }

    private static List<Path> forwardedPcaps() throws IOException {
        try (Stream<Path> files = Files.list(forward)) {
            return files.filter(f -> f.toString().endsWith(".flagged.pcap")).sorted().collect(Collectors.toList());
        }
    }

    /** ndpiReader's application protocol of each flow ({@code -C} CSV), by endpoint pair and protocol. */
    private static Map<String, Set<String>> ndpiProtocols(Path pcap) throws Exception {
        Path csv = Files.createTempFile(dir, "ndpi-", ".csv");
        Process ndpi = new ProcessBuilder("ndpiReader", "-i", pcap.toString(), "-C", csv.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(ndpi.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(ndpi.exitValue()).as("ndpiReader on " + pcap).isZero();
        Map<String, Set<String>> protocols = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).replace("#", "").split(","));
        int proto = header.indexOf("protocol");
        int name = header.indexOf("ndpi_proto");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String key = conversation(f[proto], f[header.indexOf("src_ip")], f[header.indexOf("src_port")],
                    f[header.indexOf("dst_ip")], f[header.indexOf("dst_port")]);
            protocols.computeIfAbsent(key, k -> new TreeSet<>()).add(f[name]);
        }
        return protocols;
    }

    private static List<String> tsharkLines(Path pcap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        command.addAll(List.of(args));
        Path text = Files.createTempFile(dir, "tshark-", ".txt");
        Process tshark = new ProcessBuilder(command).redirectOutput(text.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(tshark.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(tshark.exitValue()).as("tshark on " + pcap).isZero();
        return Files.readAllLines(text);
    }

    /** A conversation whichever way it is written: protocol, then the two endpoints in order. */
    private static String conversation(String protocol, String a, String aPort, String b, String bPort) {
        String one = a + " " + aPort;
        String other = b + " " + bPort;
        return protocol + " " + (one.compareTo(other) <= 0 ? one + " " + other : other + " " + one);
    }

    private static String first(String v4, String v6) {
        return v4.isEmpty() ? v6 : v4;
    }
}
