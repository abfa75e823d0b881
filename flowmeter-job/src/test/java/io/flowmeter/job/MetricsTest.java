package io.flowmeter.job;

import io.flowmeter.flow.FlowAssembler;
import io.flowmeter.job.Pcap4jPackets.Pcap4jPacket;
import io.flowmeter.job.cli.FlowMeterCli;
import io.flowmeter.testing.Frames;
import io.flowmeter.testing.SharedData;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

import java.io.EOFException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static io.flowmeter.packet.PacketRecord.TCP_ACK;
import static io.flowmeter.packet.PacketRecord.TCP_FIN;
import static io.flowmeter.packet.PacketRecord.TCP_RST;
import static io.flowmeter.packet.PacketRecord.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's metrics, as a metric reporter (Prometheus on Kubernetes) sees them, summed over subtasks: every metric
 * README lists, each with non-zero values and checked against a count made apart from the job. The counts come
 * from libpcap's own reading of the captures (frames and their lengths on the wire, through pcap4j), from the
 * sizes of the files, and from captures this test writes, whose frames and flow endings are known by
 * construction. The interface gauges of live capture are checked by {@link LiveCaptureTest}, which needs libpcap
 * and the right to capture.
 */
class MetricsTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots(REPORTER);

    /** Epoch seconds at which the captures written here start. */
    private static final long T0 = 1_700_000_000L;
    private static final long SECOND = 1_000_000L;

    @TempDir Path dir;

    @Test
    void captureMetricsCountTheFramesBytesAndFilesRead(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<byte[]> nonIp = List.of(Frames.ethernet(0x0806, new byte[28]), Frames.ethernet(0x88CC, new byte[40]),
                new byte[10]); // ARP, LLDP, and a runt too short for an Ethernet header
        byte[] udp = Frames.ipv4("10.9.0.1", "10.9.0.2", 17, Frames.udp(4000, 53, 30));
        byte[] headerLength16 = udp.clone();
        headerLength16[0] = 0x44;
        byte[] ipv6Cut = new byte[20];
        ipv6Cut[0] = 0x60;
        List<byte[]> malformed = List.of(Frames.ethernet(0x0800, Arrays.copyOf(udp, 12)),
                Frames.ethernet(0x0800, headerLength16),
                Frames.ethernet(0x0800, Frames.ipv4("10.9.0.1", "10.9.0.2", 6, new byte[8])),
                Frames.ethernet(0x86DD, ipv6Cut)); // IPv4 cut short, IPv4 header of 16 bytes, TCP cut short, IPv6 cut
        SyntheticCapture odd = new SyntheticCapture(T0).udp(0, "10.9.0.1", 4000, "10.9.0.2", 53, 30);
        Stream.concat(nonIp.stream(), malformed.stream()).forEach(frame -> odd.frame(SECOND, frame));
        Path oddFrames = odd.udp(2 * SECOND, "10.9.0.2", 53, "10.9.0.1", 4000, 60).writeTo(in.resolve("odd.pcap"));
        byte[] threeRecords = new SyntheticCapture(T0).udp(0, "10.9.1.1", 4001, "10.9.1.2", 53, 30)
                .udp(SECOND, "10.9.1.2", 53, "10.9.1.1", 4001, 30).udp(2 * SECOND, "10.9.1.1", 4001, "10.9.1.2", 53, 30)
                .bytes();
        Path cut = Files.write(in.resolve("cut.pcap"), Arrays.copyOf(threeRecords, threeRecords.length - 10));
        Path headerOnly = Files.write(in.resolve("header-only.pcap"),
                new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4});
        List<Path> samples;
        try (Stream<Path> files = Files.list(SharedData.sampleData())) {
            samples = files.filter(f -> f.toString().matches(".*\\.pcap(ng)?(\\.gz)?")).sorted()
                    .collect(Collectors.toList());
        }
        List<Path> captures = new ArrayList<>(samples);
        captures.addAll(List.of(oddFrames, cut, headerOnly));

        CliRun run = CliRun.of("--input", SharedData.sampleData().toString(), in.toString(), "--output",
                dir.resolve("out").toString(), "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        JobMetrics metrics = JobMetrics.ofLastJob(REPORTER, cluster);
        List<Integer> frames = new ArrayList<>();
        long fileBytes = 0;
        for (Path capture : captures) {
            frames.addAll(libpcapWireLengths(capture));
            fileBytes += Files.size(capture);
        }
        assertThat(metrics.sum("packets")).as("frames, as libpcap reads them").isEqualTo(frames.size());
        assertThat(metrics.sum("packetBytes")).as("their lengths on the wire, as libpcap reads them")
                .isEqualTo(frames.stream().mapToLong(Integer::longValue).sum());
        assertThat(metrics.sum("nonIpPackets")).as("ARP, LLDP, a runt").isEqualTo(nonIp.size());
        assertThat(metrics.sum("malformedPackets")).as("IP frames cut short or with a bad header length")
                .isEqualTo(malformed.size());
        assertThat(metrics.sum("filesDone")).as("the samples and odd.pcap").isEqualTo(samples.size() + 1);
        assertThat(metrics.sum("filesCorrupt")).as("cut.pcap and header-only.pcap").isEqualTo(2);
        assertThat(metrics.sum("fileBytesDone")).as("the sizes of the captures, corrupt ones included")
                .isEqualTo(fileBytes);
    }

    @Test
    void flowMetricsCountEveryWayAFlowEnds(@InjectMiniCluster MiniCluster cluster) throws Exception {
        // Read by one subtask with --max-flows 4, idle timeout 10 s, active timeout 30 s, no TCP linger and early
        // records at 8 packets.
        String c = "10.7.0.1";
        String s = "10.7.0.2";
        SyntheticCapture capture = new SyntheticCapture(T0)
                // fin: a handshake, a FIN from each side and the last ACK, from 0 s
                .tcp(0, c, 40000, s, 80, TCP_SYN, 0, true)
                .tcp(SECOND / 10, c, 40000, s, 80, TCP_SYN | TCP_ACK, 0, false)
                .tcp(2 * SECOND / 10, c, 40000, s, 80, TCP_ACK, 100, true)
                .tcp(3 * SECOND / 10, c, 40000, s, 80, TCP_FIN | TCP_ACK, 0, true)
                .tcp(4 * SECOND / 10, c, 40000, s, 80, TCP_FIN | TCP_ACK, 0, false)
                .tcp(5 * SECOND / 10, c, 40000, s, 80, TCP_ACK, 0, true)
                // rst: a SYN answered by a reset, at 1 s
                .tcp(SECOND, c, 40001, s, 81, TCP_SYN, 0, true)
                .tcp(SECOND + SECOND / 10, c, 40001, s, 81, TCP_RST | TCP_ACK, 0, false)
                // idle: one datagram at 2 s; the packets from 15 s on take event time past its idle timeout
                .udp(2 * SECOND, "10.7.1.1", 5000, "10.7.1.2", 53, 40);
        // active and partial: a datagram every 4 s from 3 s to 39 s. Its 8th (31 s) makes it due for an early
        // record; the one at 35 s is past its active timeout, and starts a second flow, open at the end (eof).
        for (long t = 3; t <= 39; t += 4) {
            capture.udp(t * SECOND, "10.7.2.1", 6000, "10.7.2.2", 7000, 100);
        }
        // eof: three more flows open at the end, from 36 s; with the one above they fill the table of 4 flows.
        // evicted: two more new flows, while the table is full.
        for (int i = 0; i < 5; i++) {
            capture.udp(36 * SECOND + i * SECOND / 10, "10.7.3.1", 1000 + i, "10.7.3.2", 9, 20);
        }
        Path captures = Files.createDirectories(dir.resolve("in"));
        capture.writeTo(captures.resolve("endings.pcap"));

        CliRun run = CliRun.of("--input", captures.toString(), "--output", dir.resolve("out").toString(),
                "--parallelism", "1", "--max-flows", "4", "--idle-timeout", "10", "--active-timeout", "30",
                "--tcp-linger", "0", "--early-verdict-packets", "8", "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        JobMetrics metrics = JobMetrics.ofLastJob(REPORTER, cluster);
        Map<String, Long> expected = Map.of("fin", 1L, "rst", 1L, "idle", 1L, "active", 1L, "eof", 4L,
                "evicted", 2L, "partial", 1L);
        expected.forEach((reason, flows) -> assertThat(metrics.sum("flows", FlowAssembler.END_REASON_GROUP, reason))
                .as("flows ended by %s", reason).isEqualTo(flows));
        assertThat(metrics.sum("flows")).as("final records: all but the early one").isEqualTo(10);
        assertThat(metrics.sum("packets")).isEqualTo(6 + 2 + 1 + 10 + 5);
        assertThat(metrics.sum("activeFlows")).as("every flow ended with the input").isZero();
    }

    @Test
    void openFlowsAndFlowsBelowTheMinimumAreCountedWhileAWatchRuns(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Path watched = Files.createDirectories(dir.resolve("incoming"));
        String c = "10.6.0.1";
        String s = "10.6.0.2";
        SyntheticCapture capture = new SyntheticCapture(T0)
                // below the minimum of 2 packets: a datagram that goes idle as the later packets move event
                // time on, and a lone reset
                .udp(0, c, 5000, s, 53, 20)
                .tcp(SECOND / 2, c, 40000, s, 80, TCP_RST, 0, true)
                // written: a SYN answered by a reset
                .tcp(SECOND, c, 40001, s, 80, TCP_SYN, 0, true)
                .tcp(SECOND + SECOND / 10, c, 40001, s, 80, TCP_RST | TCP_ACK, 0, false);
        // open: three flows of two datagrams and one of a single datagram, from 30 s
        for (int i = 0; i < 4; i++) {
            capture.udp(30 * SECOND + i * 1000, c, 6000 + i, s, 53, 20);
            if (i < 3) {
                capture.udp(30 * SECOND + i * 1000 + 500, s, 53, c, 6000 + i, 60);
            }
        }
        Path out = dir.resolve("out");
        CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> FlowMeterCli.run(System.out,
                System.err, "--input", watched.toString(), "--watch", "--watch-interval", "0.5", "--watch-settle",
                "0.5", "--idle-timeout", "10", "--tcp-linger", "0", "--min-packets", "2", "--output",
                out.toString(), "--no-progress"));
        JobMetrics metrics;
        try {
            capture.writeTo(watched.resolve("capture.pcap"));
            Await.until("the watching job to read the capture and hold its open flows", Duration.ofSeconds(60),
                    Duration.ofMillis(100), () -> JobMetrics.ofRunningJob(REPORTER, cluster)
                            .map(m -> m.sumSoFar("filesDone") == 1 && m.sumSoFar("activeFlows") == 4
                                    && m.sumSoFar("flowsBelowMinPackets") == 2 && m.sumSoFar("flows") == 1)
                            .orElse(false),
                    () -> JobMetrics.ofRunningJob(REPORTER, cluster).map(m -> ": filesDone " + m.sumSoFar("filesDone")
                            + ", activeFlows " + m.sumSoFar("activeFlows") + ", flowsBelowMinPackets "
                            + m.sumSoFar("flowsBelowMinPackets") + ", flows " + m.sumSoFar("flows"))
                            .orElse(": no job running"));
            metrics = JobMetrics.ofRunningJob(REPORTER, cluster).orElseThrow();
        } finally {
            UnboundedJobs.cancelRunning(cluster);
        }
        assertThat(job.get()).as("cancelling is how a watch ends").isZero();
        assertThat(metrics.sum("flows", FlowAssembler.END_REASON_GROUP, "rst")).isEqualTo(1);
        assertThat(metrics.sum("flows", FlowAssembler.END_REASON_GROUP, "idle"))
                .as("a flow below the minimum is counted only there").isZero();
        assertThat(metrics.sum("packets")).isEqualTo(4 + 4 * 2 - 1);
    }

    /**
     * The lengths on the wire of the frames libpcap reads from {@code capture} (gzip-compressed ones decompressed
     * first), up to where libpcap finds it cut short.
     */
    private List<Integer> libpcapWireLengths(Path capture) throws Exception {
        Path plain = capture;
        if (capture.toString().endsWith(".gz")) {
            plain = dir.resolve(capture.getFileName().toString().replace(".gz", ""));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(capture))) {
                Files.copy(in, plain);
            }
        }
        List<Integer> lengths = new ArrayList<>();
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(plain.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            assertThat(e.getMessage()).as(capture.toString()).contains("truncated dump file");
            return lengths;
        }
        try (handle) {
            while (true) {
                try {
                    handle.getNextPacketEx();
                    lengths.add(handle.getOriginalLength());
                } catch (EOFException end) {
                    return lengths;
                } catch (PcapNativeException e) {
                    assertThat(e.getMessage()).as(capture.toString()).contains("truncated dump file");
                    return lengths;
                }
            }
        }
    }
}
