package io.flowmeter.job;

import io.flowmeter.testing.SharedData;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --input -}: a pcap stream on standard input, from a real tcpdump through an operating-system pipe into
 * {@code bin/flowmeter} in a JVM of its own. A capture re-written by {@code tcpdump -r FILE -w -} gives the flows
 * of the file itself (nanosecond pcap, so that nothing is rounded on the way); a live {@code tcpdump -i lo
 * --immediate-mode -U -w -} gives the flow of the datagrams it captured, and
 * the job ends when tcpdump does.
 */
class PipeInputTest {

    @TempDir Path dir;

    @Test
    void aCaptureThroughAPipeGivesTheFlowsOfTheFile() throws Exception {
        for (String name : List.of("loopback-http-curl.pcap", "loopback-udp-dns-like.pcapng")) {
            Path capture = SharedData.sampleData().resolve(name);
            Path fromFile = dir.resolve(name + "-file");
            CliRun file = CliRun.of("--input", capture.toString(), "--output", fromFile.toString(), "--no-progress");
            assertThat(file.exitStatus).as(file.toString()).isZero();

            Path fromPipe = dir.resolve(name + "-pipe");
            Path log = dir.resolve(name + "-pipe.log");
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                    new ProcessBuilder("tcpdump", "--time-stamp-precision=nano", "-r", capture.toString(), "-w", "-")
                            .redirectError(ProcessBuilder.Redirect.DISCARD),
                    new ProcessBuilder(JobProcess.command("--input", "-", "--output", fromPipe.toString()))
                            .redirectErrorStream(true).redirectOutput(log.toFile())));
            Process job = pipeline.get(1);
            assertThat(job.waitFor(2, TimeUnit.MINUTES)).as("the job ends with the pipe").isTrue();
            String printed = Files.readString(log);
            assertThat(job.exitValue()).as(printed).isZero();
            assertThat(printed).contains("files     1 read, 0 corrupt");

            assertThat(rows(fromPipe)).as(name).isNotEmpty().isEqualTo(rows(fromFile));
        }
    }

    @Test
    void aLiveTcpdumpOnLoopbackFeedsTheJobUntilItStops() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Path tcpdumpLog = dir.resolve("tcpdump.log");
            Path out = dir.resolve("flows");
            Path log = dir.resolve("job.log");
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                    new ProcessBuilder("tcpdump", "-i", "lo", "--immediate-mode", "-U", "-w", "-",
                            "udp port " + receiver.getLocalPort())
                            .redirectError(tcpdumpLog.toFile()),
                    new ProcessBuilder(JobProcess.command("--input", "-", "--output", out.toString(), "--no-progress"))
                            .redirectErrorStream(true).redirectOutput(log.toFile())));
            Process tcpdump = pipeline.get(0);
            Process job = pipeline.get(1);
            try {
                Await.until("tcpdump to listen on lo", Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
                    if (!tcpdump.isAlive()) {
                        String why = Files.readString(tcpdumpLog);
                        if (why.contains("ermission") || why.contains("not permitted")) {
                            Assumptions.abort("tcpdump may not capture here: " + why);
                        }
                        throw new AssertionError("tcpdump ended: " + why);
                    }
                    return Files.readString(tcpdumpLog).contains("listening on lo");
                }, () -> "");
                Thread.sleep(500); // "listening" comes as the capture starts; let it settle
                byte[] datagram = "through the pipe".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 20; i++) {
                    sender.send(new DatagramPacket(datagram, datagram.length, receiver.getLocalSocketAddress()));
                }
                Thread.sleep(1000);
            } finally {
                tcpdump.destroy(); // SIGTERM: tcpdump writes what it has and closes the pipe
            }
            assertThat(job.waitFor(2, TimeUnit.MINUTES)).as("the job ends when tcpdump closes the pipe").isTrue();
            String printed = Files.readString(log);
            assertThat(job.exitValue()).as(printed).isZero();

            List<Map<String, String>> flows = CliRun.flows(out);
            assertThat(flows).as(printed + "\ntcpdump: " + Files.readString(tcpdumpLog)).hasSize(1);
            Map<String, String> flow = flows.get(0);
            assertThat(flow.get("srcPort")).isEqualTo(String.valueOf(sender.getLocalPort()));
            assertThat(flow.get("dstPort")).isEqualTo(String.valueOf(receiver.getLocalPort()));
            assertThat(tcpdump.waitFor(30, TimeUnit.SECONDS)).isTrue();
            java.util.regex.Matcher captured = java.util.regex.Pattern.compile("(\\d+) packets? captured")
                    .matcher(Files.readString(tcpdumpLog));
            assertThat(captured.find()).as(Files.readString(tcpdumpLog)).isTrue();
            // every packet tcpdump captured (all 20, unless it started late) reached the job
            assertThat(flow.get("fwdFlowLength")).isEqualTo(captured.group(1));
            assertThat(Integer.parseInt(captured.group(1))).isBetween(10, 20);
            assertThat(flow.get("bwdFlowLength")).isEqualTo("0");
        }
    }

    /**
     * Without --checkpoint-dir, a local run keeps its checkpoints on disk: Flink's default, the JobManager's memory,
     * refuses state over 5 MB, and the first checkpoint of 40,000 open flows (16 MB) failed the job.
     */
    @Test
    void checkpointsOfManyOpenFlowsWithoutACheckpointDirectorySucceed() throws Exception {
        SyntheticCapture capture = new SyntheticCapture(1_700_000_000L);
        int flows = 40_000;
        for (int i = 0; i < flows; i++) {
            capture.udp(i * 10L, "10.1." + (i / 250) + "." + (1 + i % 250), 20000 + i % 30000, "10.2.0.1", 53, 40);
        }
        Path out = dir.resolve("many");
        Path log = dir.resolve("many.log");
        Process job = new ProcessBuilder(JobProcess.command("--input", "-", "--output", out.toString(),
                "--checkpoint-interval", "1", "--no-progress"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (java.io.OutputStream stdin = job.getOutputStream()) {
            stdin.write(capture.bytes());
            stdin.flush();
            Thread.sleep(6000); // checkpoints of the open flows, every second
        }
        assertThat(job.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String printed = Files.readString(log);
        assertThat(job.exitValue()).as(printed).isZero();
        assertThat(CliRun.flows(out)).as(printed).hasSize(flows);
    }

    private static List<String> rows(Path out) throws IOException {
        return CliRun.flows(out).stream().map(Map::toString).sorted().collect(Collectors.toList());
    }
}
