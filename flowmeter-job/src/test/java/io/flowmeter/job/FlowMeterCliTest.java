package io.flowmeter.job;

import io.flowmeter.flow.FlowFeature;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;
import io.flowmeter.testing.SharedData;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line of {@code bin/flowmeter}, run in-process on a MiniCluster. */
class FlowMeterCliTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.withSlots(3); // parallelism 3 in one test

    private static final List<String> FLOWMETER_COLUMNS = Arrays.asList(("fiveTuple,srcIP,dstIP,protocol,srcPort,"
            + "dstPort,flowDuration,flowLength,fwdFlowLength,bwdFlowLength,packetSizeTotal,packetSizeMean,"
            + "packetSizeStd,packetSizeMin,packetSizeMax,fwdPacketSizeTotal,bwdPacketSizeTotal,fwdPacketSizeMean,"
            + "bwdPacketSizeMean,fwdPacketSizeStd,bwdPacketSizeStd,fwdPacketSizeMin,bwdPacketSizeMin,"
            + "fwdPacketSizeMax,bwdPacketSizeMax,IATMean,IATStd,IATMin,IATMax,fwdIATTotal,bwdIATTotal,fwdIATMean,"
            + "bwdIATMean,fwdIATStd,bwdIATStd,fwdIATMin,bwdIATMin,fwdIATMax,bwdIATMax").split(","));
    private static final List<String> EXTRA_COLUMNS = Arrays.asList(("flowLengthPerTime,fwdFlowLengthPerTime,"
            + "bwdFlowLengthPerTime,packetSizeTotalPerTime,fwdPacketSizeTotalPerTime,bwdPacketSizeTotalPerTime,"
            + "flowStartNs,flowEndNs,endReason,communityId").split(","));

    @TempDir Path dir;

    /** A capture of one TCP connection (handshake, data, FIN teardown) and 3 DNS-like UDP exchanges. */
    private Path goodCapture(String name) throws Exception {
        return goodCapture(name, "10.1.0.");
    }

    /** The same traffic between hosts of another /24, so that its flows differ. 2,792 bytes; the last record at 2,644. */
    private Path goodCapture(String name, String network) throws Exception {
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        String c = network + "5";
        String s = network + "80";
        String dns = network + "53";
        int[][] tcp = {
            {0, PacketRecord.TCP_SYN, 0}, {1, PacketRecord.TCP_SYN | PacketRecord.TCP_ACK, 0},
            {0, PacketRecord.TCP_ACK, 0}, {0, PacketRecord.TCP_ACK | PacketRecord.TCP_PSH, 300},
            {1, PacketRecord.TCP_ACK, 1200}, {0, PacketRecord.TCP_FIN | PacketRecord.TCP_ACK, 0},
            {1, PacketRecord.TCP_FIN | PacketRecord.TCP_ACK, 0}, {0, PacketRecord.TCP_ACK, 0}};
        int t = 0;
        for (int[] p : tcp) {
            byte[] segment = p[0] == 0 ? Frames.tcp(40001, 80, p[1], 1000, p[2]) : Frames.tcp(80, 40001, p[1], 1000, p[2]);
            byte[] frame = Frames.ethernet(0x0800, p[0] == 0 ? Frames.ipv4(c, s, 6, segment) : Frames.ipv4(s, c, 6, segment));
            b.record(1_700_000_000L, t += 10_000, frame, frame.length);
        }
        for (int i = 0; i < 3; i++) {
            byte[] query = Frames.ethernet(0x0800, Frames.ipv4(c, dns, 17, Frames.udp(50000 + i, 53, 30)));
            byte[] answer = Frames.ethernet(0x0800, Frames.ipv4(dns, c, 17, Frames.udp(53, 50000 + i, 90)));
            b.record(1_700_000_001L, i * 1000, query, query.length).record(1_700_000_001L, i * 1000 + 500, answer, answer.length);
        }
        return b.writeTo(dir.resolve(name));
    }

    @Test
    void writesFlowMeterColumnsThenTheExtensions() throws Exception {
        Path capture = goodCapture("good.pcap");
        Path out = dir.resolve("out");

        CliRun run = CliRun.of("--input", capture.toString(), "--output", out.toString(), "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        List<String> expected = new ArrayList<>(FLOWMETER_COLUMNS);
        expected.addAll(EXTRA_COLUMNS);
        assertThat(CliRun.header(out)).isEqualTo(expected);
        List<Map<String, String>> flows = CliRun.flows(out);
        assertThat(flows).hasSize(4);
        Map<String, String> tcp = flows.stream().filter(f -> f.get("protocol").equals("6")).findFirst().orElseThrow();
        assertThat(tcp.get("fiveTuple")).isEqualTo("10.1.0.5--10.1.0.80--6--40001--80");
        assertThat(tcp.get("srcIP")).isEqualTo("10.1.0.5");
        assertThat(tcp.get("srcPort")).isEqualTo("40001");
        assertThat(tcp.get("flowLength")).isEqualTo("8");
        assertThat(tcp.get("fwdFlowLength")).isEqualTo("5");
        assertThat(tcp.get("flowDuration")).isEqualTo("70000");
        assertThat(tcp.get("IATMean")).isEqualTo("10000");
        assertThat(tcp.get("endReason")).isEqualTo("fin");
        assertThat(tcp.get("flowStartNs")).isEqualTo("1700000000010000000");
        assertThat(run.out).contains("files     1 read, 0 corrupt").contains("packets   14 (non-IP 0, malformed IP 0)")
                .contains("flows     4 written").contains("fin 1").contains("eof 3");
    }

    /**
     * The same flows, end reasons included, at parallelism 1, 2 and 3 in both layouts: on the sample captures, and
     * on ../shared/pcaps when present, whose 39 captures are far from time order and share tuples across files.
     */
    @Test
    void theSameFlowsAtAnyParallelismInBothLayouts() throws Exception {
        List<String> inputs = new ArrayList<>(List.of("--input", SharedData.sampleData().toString()));
        SharedData.sharedPcapsIfPresent().ifPresent(shared -> inputs.add(shared.toString()));
        List<String> reference = null;
        for (List<String> layout : List.of(List.of("--parallelism", "1"), List.of("--parallelism", "2"),
                List.of("--parallelism", "2", "--shuffle"), List.of("--parallelism", "3", "--shuffle"))) {
            Path out = dir.resolve(String.join("", layout).replace("-", ""));
            List<String> args = new ArrayList<>(inputs);
            args.addAll(List.of("--output", out.toString(), "--no-progress"));
            args.addAll(layout);
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertThat(run.exitStatus).as(run.toString()).isZero();
            List<String> flows = CliRun.flows(out).stream().map(Map::toString).sorted().collect(Collectors.toList());
            if (reference == null) {
                reference = flows;
                assertThat(reference).hasSizeGreaterThan(200);
            } else {
                assertThat(flows).as(String.join(" ", layout)).isEqualTo(reference);
            }
        }
    }

    /**
     * A file named first whose one flow is hours later than the next file's: files are read in the order of their
     * first frame's time, so the earlier file's flows expire in event time (idle) when the later file's frame moves
     * it on, and the later flow ends with the input, at any parallelism and in both layouts (every subtask of the
     * sharded layout sees that frame's time, though only one keeps its flow).
     */
    @Test
    void theSameFlowsAtAnyParallelismWhenAnEarlierReadFileIsLater() throws Exception {
        Path captures = Files.createDirectories(dir.resolve("ordered"));
        CaptureBuilder later = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        byte[] lone = Frames.ethernet(0x0800, Frames.ipv4("10.8.0.1", "10.8.0.2", 17, Frames.udp(1000, 53, 20)));
        later.record(1_700_010_000L, 0, lone, lone.length);
        later.writeTo(captures.resolve("a-later.pcap"));
        CaptureBuilder earlier = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 40; i++) {
                byte[] frame = Frames.ethernet(0x0800, Frames.ipv4("10.9.0." + (i + 1), "10.9.1.1", 17,
                        Frames.udp(20000 + i + 100 * round, 53, 20)));
                earlier.record(1_700_000_000L + 500 * round, 10_000 * i, frame, frame.length);
            }
        }
        earlier.writeTo(captures.resolve("b-earlier.pcap"));

        List<String> reference = null;
        for (List<String> layout : List.of(List.of("--parallelism", "1"), List.of("--parallelism", "2"),
                List.of("--parallelism", "3"), List.of("--parallelism", "2", "--shuffle"))) {
            Path out = dir.resolve("ordered-" + String.join("", layout).replace("-", ""));
            CliRun run = CliRun.of(args(captures, out, layout));
            assertThat(run.exitStatus).as(run.toString()).isZero();
            List<String> flows = CliRun.flows(out).stream().map(f -> f.get("fiveTuple") + " " + f.get("endReason"))
                    .sorted().collect(Collectors.toList());
            if (reference == null) {
                reference = flows;
                assertThat(reference).hasSize(81).filteredOn(f -> f.endsWith(" idle")).hasSize(80);
                assertThat(reference).contains("10.8.0.1--10.8.0.2--17--1000--53 eof");
            } else {
                assertThat(flows).as(String.join(" ", layout)).isEqualTo(reference);
            }
        }
    }

    private static String[] args(Path input, Path out, List<String> layout) {
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output", out.toString(),
                "--idle-timeout", "60", "--no-progress"));
        args.addAll(layout);
        return args.toArray(new String[0]);
    }

    @Test
    void packetsAfterAResetBelongToTheFlowUnlessTheLingerIsOff() throws Exception {
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        int[][] packets = {{0, PacketRecord.TCP_SYN}, {1, PacketRecord.TCP_RST | PacketRecord.TCP_ACK},
            {1, PacketRecord.TCP_RST}};
        int micros = 0;
        for (int[] p : packets) {
            byte[] segment = p[0] == 0 ? Frames.tcp(40001, 80, p[1], 1000, 0) : Frames.tcp(80, 40001, p[1], 1000, 0);
            byte[] frame = Frames.ethernet(0x0800,
                    p[0] == 0 ? Frames.ipv4("10.9.0.5", "10.9.0.80", 6, segment) : Frames.ipv4("10.9.0.80", "10.9.0.5", 6, segment));
            b.record(1_700_000_000L, micros += 200_000, frame, frame.length);
        }
        Path capture = b.writeTo(dir.resolve("reset.pcap"));

        CliRun lingering = CliRun.of("--input", capture.toString(), "--output", dir.resolve("linger").toString(),
                "--no-progress");
        CliRun off = CliRun.of("--input", capture.toString(), "--output", dir.resolve("off").toString(),
                "--no-progress", "--tcp-linger", "0");

        assertThat(lingering.exitStatus).as(lingering.toString()).isZero();
        assertThat(off.exitStatus).as(off.toString()).isZero();
        assertThat(CliRun.flows(dir.resolve("linger"))).extracting(f -> f.get("flowLength") + " " + f.get("endReason"))
                .containsExactly("3 rst");
        assertThat(CliRun.flows(dir.resolve("off"))).extracting(f -> f.get("flowLength") + " " + f.get("endReason"))
                .containsExactlyInAnyOrder("2 rst", "1 rst");
    }

    @Test
    void helpExplainsEveryOption() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitStatus).isZero();
        for (String option : List.of("--input", "--output", "--idle-timeout", "--active-timeout", "--min-packets",
                "--parallelism", "--fail-on-corrupt", "--out-of-orderness", "--overwrite", "--no-progress", "--shuffle",
                "--model", "--threshold", "--alerts", "--tcp-linger")) {
            assertThat(run.out).contains(option);
        }
        assertThat(run.out).contains("Default: 120").contains("Default: 1800");
    }

    @Test
    void minPacketsKeepsOnlyLongerFlows() throws Exception {
        Path out = dir.resolve("out");

        CliRun run = CliRun.of("--input", goodCapture("good.pcap").toString(), "--output", out.toString(),
                "--min-packets", "3", "--no-progress");

        assertThat(run.exitStatus).isZero();
        assertThat(CliRun.flows(out)).hasSize(1);
        assertThat(run.out).contains("3 flows below --min-packets not written");
    }

    @Test
    void everyBadInputIsReportedAndTheOtherFilesStillMakeAllTheirFlows() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        goodCapture("archive/a-good.pcap");
        byte[] good = Files.readAllBytes(archive.resolve("a-good.pcap"));
        Files.writeString(archive.resolve("b-not-a-capture.pcap"), "this is a text file, not a capture\n");
        byte[] badMagic = good.clone();
        badMagic[0] = 0x42;
        Files.write(archive.resolve("c-bad-magic.pcap"), badMagic);
        byte[] other = Files.readAllBytes(goodCapture("other.pcap", "10.2.0."));
        Files.write(archive.resolve("d-truncated.pcap"), Arrays.copyOf(other, other.length - 10));
        Files.write(archive.resolve("e-absurd-length.pcap"), CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 0)
                .record(1, 0, new byte[60], 300_000, 60).bytes());
        Files.write(archive.resolve("f-over-snaplen.pcap"), CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 64)
                .record(1, 0, new byte[100], 100).bytes());
        Files.write(archive.resolve("g-empty.pcap"), new byte[0]);
        Files.write(archive.resolve("h-bad-block.pcapng"), CaptureBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .sectionHeader(ByteOrder.LITTLE_ENDIAN).rawBlock(6, 13, new byte[1], 13).bytes());
        Path missing = dir.resolve("no-such-capture.pcap");
        Path out = dir.resolve("out");
        Path reference = dir.resolve("reference");

        CliRun run = CliRun.of("--input", archive.toString(), missing.toString(), "--output", out.toString(),
                "--no-progress");
        CliRun alone = CliRun.of("--input", archive.resolve("a-good.pcap").toString(), "--output",
                reference.toString(), "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(out);
        assertThat(rows(flows, "10.1.0.")).isEqualTo(rows(CliRun.flows(reference), "10.1.0."));
        List<Map<String, String>> beforeTheDefect = flows.stream().filter(f -> f.get("srcIP").startsWith("10.2.0."))
                .collect(Collectors.toList());
        assertThat(beforeTheDefect).as("the truncated file's intact packets make their flows").hasSize(4);
        assertThat(beforeTheDefect).extracting(f -> f.get("flowLength")).containsExactlyInAnyOrder("8", "2", "2", "1");
        assertThat(run.out).contains("files     8 read, 7 corrupt, 1 inputs not found or unreadable");
        assertThat(run.err).contains(missing + ": input not found");
        assertThat(run.out).contains(missing + ": input not found")
                .contains(archive.resolve("b-not-a-capture.pcap") + " at byte offset 0: bad magic 0x74686973")
                .contains(archive.resolve("c-bad-magic.pcap") + " at byte offset 0: bad magic")
                .contains(archive.resolve("d-truncated.pcap") + " at byte offset 2644: truncated record: header announces"
                        + " 132 captured bytes, only 122 remain")
                .contains(archive.resolve("e-absurd-length.pcap") + " at byte offset 24: captured length 300000"
                        + " exceeds the 262144-byte (256 KiB) limit")
                .contains(archive.resolve("f-over-snaplen.pcap") + " at byte offset 24: captured length 100 exceeds"
                        + " the snapshot length 64")
                .contains(archive.resolve("g-empty.pcap") + " at byte offset 0: empty file")
                .contains(archive.resolve("h-bad-block.pcapng") + " at byte offset 32: invalid block length 13");
        assertThat(alone.out).contains("files     1 read, 0 corrupt");
    }

    @Test
    void failOnCorruptTurnsAReportedDefectIntoExitStatusOne() throws Exception {
        Path truncated = dir.resolve("t.pcap");
        byte[] good = Files.readAllBytes(goodCapture("good.pcap"));
        Files.write(truncated, Arrays.copyOf(good, good.length - 3));

        CliRun lenient = CliRun.of("--input", truncated.toString(), "--output", dir.resolve("o1").toString(),
                "--no-progress");
        CliRun strict = CliRun.of("--input", truncated.toString(), "--output", dir.resolve("o2").toString(),
                "--no-progress", "--fail-on-corrupt");

        assertThat(lenient.exitStatus).isZero();
        assertThat(strict.exitStatus).isEqualTo(1);
        assertThat(CliRun.flows(dir.resolve("o2"))).hasSize(4);
    }

    @Test
    void unusableArgumentsExitWithStatusTwoAndOneClearLine() throws Exception {
        String capture = goodCapture("good.pcap").toString();
        String out = dir.resolve("out").toString();
        Files.writeString(dir.resolve("a-file"), "x");

        CliRun.assertUsageError(CliRun.of("--input", capture), "give --output DIR and/or --flows-topic TOPIC for the flows");
        CliRun.assertUsageError(CliRun.of("--output", out),
                "give one of --input PATH... (captures), --kafka-topic TOPIC (mirrored traffic) or --interface NAME");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--kafka-topic", "t", "--output", out), "give one of --input");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--interface", "lo", "--output", out), "give one of --input");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--bpf", "tcp"),
                "--bpf, --promiscuous and --duration go with --interface NAME");
        CliRun.assertUsageError(CliRun.of("--kafka-topic", "t", "--output", out), "need --kafka-bootstrap-servers HOST:PORT");
        CliRun.assertUsageError(CliRun.of("--kafka-topic", "t", "--kafka-bootstrap-servers", "h:1", "--output", out,
                "--kafka-start", "soon"), "--kafka-start must be committed, earliest or latest");
        CliRun.assertUsageError(CliRun.of("--kafka-topic", "t", "--kafka-bootstrap-servers", "h:1", "--output", out,
                "--kafka-properties", dir.resolve("nope.properties").toString()), "--kafka-properties: cannot read");
        CliRun.assertUsageError(CliRun.of("--kafka-topic", "t", "--kafka-bootstrap-servers", "not a host", "--output", out),
                "--kafka-bootstrap-servers must be HOST:PORT[,HOST:PORT...], got 'not a host'");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--checkpoint-dir", "bogus://x/y"),
                "--checkpoint-dir bogus://x/y: Could not find a file system implementation for scheme 'bogus'");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--kafka-bootstrap-servers", "h:1",
                "--alerts-topic", "a"), "--alerts-topic goes with --model DIR");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--idle-timeout", "-5"),
                "--idle-timeout must be a positive number of seconds, got -5.0");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--active-timeout", "0"),
                "--active-timeout must be a positive number of seconds");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--tcp-linger", "-1"),
                "--tcp-linger must be a non-negative number of seconds, got -1.0");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--min-packets", "-1"),
                "--min-packets must not be negative");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--early-verdict-packets", "-3"),
                "--early-verdict-packets must not be negative, got -3");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--early-verdict-seconds", "0"),
                "--early-verdict-seconds must be a positive number of seconds");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--state-backend", "memory"),
                "--state-backend must be hashmap or rocksdb, got memory");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--parallelism", "0"),
                "--parallelism must be at least 1");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--idle-timeout", "soon"),
                "Invalid value for option '--idle-timeout': 'soon' is not a double");
        CliRun.assertUsageError(CliRun.of("--input", dir.resolve("nope").toString(), "--output", out),
                "no readable input among");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", dir.resolve("a-file").toString()),
                "is a file, not a directory");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--restore", dir.resolve("nope").toString()),
                "--restore: " + dir.resolve("nope") + " does not exist");
        Files.createDirectories(dir.resolve("out"));
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--restore", out),
                "--restore: no completed checkpoint in " + out);
        Path checkpoint = Files.createDirectories(dir.resolve("checkpoints").resolve("chk-1"));
        Files.write(checkpoint.resolve("_metadata"), new byte[] {1});
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--restore", checkpoint.getParent().toString(),
                "--overwrite"), "--overwrite would delete the flows of the run this one resumes; leave it out");
    }

    @Test
    void forwardingOptionsThatCannotWorkTogetherAreRefusedNamingThem() throws Exception {
        String capture = goodCapture("good.pcap").toString();
        String out = dir.resolve("out").toString();
        String forward = dir.resolve("forward").toString();
        List<String> kafka = List.of("--kafka-topic", "t", "--kafka-bootstrap-servers", "h:1", "--output", out);

        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--forward-pcap", forward),
                "--forward-pcap forwards the flows a model flags: give --model DIR");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--forward-topic", "f",
                "--kafka-bootstrap-servers", "h:1"), "--forward-topic forwards continuous inputs");
        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--forward-pcap", forward,
                "--forward-buffer-packets", "8"), "--forward-buffer-*, --forward-all-after and --forward-rotate-* go"
                + " with continuous inputs");
        CliRun.assertUsageError(CliRun.of(with(kafka, "--forward-all-after", "5")),
                "--forward-buffer-*, --forward-all-after and --forward-rotate-* go with --forward-pcap DIR or"
                        + " --forward-topic TOPIC");
        CliRun.assertUsageError(CliRun.of(with(kafka, "--forward-topic", "f")),
                "--forward-pcap and --forward-topic forward the flows a model flags: give --model DIR");
        CliRun.assertUsageError(CliRun.of(with(kafka, "--forward-pcap", forward, "--forward-buffer-packets", "x")),
                "Invalid value for option '--forward-buffer-packets': 'x' is not an int");
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void anEarlierRunsFlowsAreNotMixedWithNewOnes() throws Exception {
        String capture = goodCapture("good.pcap").toString();
        String out = dir.resolve("out").toString();
        assertThat(CliRun.of("--input", capture, "--output", out, "--no-progress").exitStatus).isZero();

        CliRun.assertUsageError(CliRun.of("--input", capture, "--output", out, "--no-progress"), "add --overwrite");
        CliRun again = CliRun.of("--input", capture, "--output", out, "--no-progress", "--overwrite");

        assertThat(again.exitStatus).isZero();
        assertThat(CliRun.flows(dir.resolve("out"))).hasSize(4);
    }

    @Test
    void bundledSampleDataMakesFlows() throws Exception {
        Path out = dir.resolve("out");

        CliRun run = CliRun.of("--input", SharedData.sampleData().toString(), "--output", out.toString(),
                "--no-progress", "--parallelism", "2");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        assertThat(run.out).contains("files     3 read, 0 corrupt");
        List<Map<String, String>> flows = CliRun.flows(out);
        assertThat(flows).extracting(f -> f.get("protocol")).contains("6", "17");
        assertThat(flows).extracting(f -> f.get("endReason")).contains("fin", "rst");
        for (Map<String, String> flow : flows) {
            for (FlowFeature feature : FlowFeature.values()) {
                assertThat(Double.parseDouble(flow.get(feature.name()))).as(feature.name()).isFinite()
                        .isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void theRocksDbStateBackendGivesTheSameFlows() throws Exception {
        String sample = SharedData.sampleData().toString();
        CliRun heap = CliRun.of("--input", sample, "--output", dir.resolve("heap").toString(), "--no-progress",
                "--parallelism", "2");
        CliRun rocksdb = CliRun.of("--input", sample, "--output", dir.resolve("rocksdb").toString(), "--no-progress",
                "--parallelism", "2", "--state-backend", "rocksdb", "--checkpoint-interval", "0.1");

        assertThat(rocksdb.exitStatus).as(rocksdb.toString()).isZero();
        assertThat(rows(CliRun.flows(dir.resolve("rocksdb")), "")).hasSize(212)
                .isEqualTo(rows(CliRun.flows(dir.resolve("heap")), ""));
        assertThat(heap.exitStatus).isZero();
    }

    private static List<String> rows(List<Map<String, String>> flows, String srcPrefix) {
        return flows.stream().filter(f -> f.get("srcIP").startsWith(srcPrefix)).map(Map::toString).sorted()
                .collect(Collectors.toList());
    }
}
