package io.flowmeter.job;

import io.flowmeter.job.cli.FlowMeterCli;
import io.flowmeter.testing.SharedData;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/flowmeter --watch}: captures that appear in a directory are read once each, as they arrive. */
class WatchModeTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots(REPORTER);

    @TempDir Path dir;

    @Test
    void newCapturesAreReadOnceEachAsTheyArrive(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path watched = Files.createDirectories(dir.resolve("incoming"));
        Path out = dir.resolve("out");
        // before the watch starts: the watch job holds the cluster's slots until it is cancelled
        List<String> expected = endedFlows(offlineFlows());
        CompletableFuture<Integer> job = CompletableFuture.supplyAsync(() -> FlowMeterCli.run(System.out, System.err,
                "--input", watched.toString(), "--watch", "--watch-interval", "0.5", "--watch-settle", "0.5",
                "--checkpoint-interval", "0.5", "--output", out.toString(), "--no-progress"));

        List<String> received;
        try {
            Files.copy(SharedData.sampleData().resolve("loopback-http-curl.pcap"), watched.resolve("a.pcap"));
            Await.until("the watch to read a.pcap", Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> filesDone(cluster) == 1, () -> "");
            Files.copy(SharedData.sampleData().resolve("loopback-nmap-syn-scan.pcap.gz"), watched.resolve("b.pcap.gz"));
            Await.until("the watch to read b.pcap.gz", Duration.ofSeconds(60), Duration.ofMillis(100),
                    () -> filesDone(cluster) == 2, () -> "");
            // 10 s after the scan: once it is read, event time passes the linger of the scan's flows
            Files.move(SampleCaptures.afterTheScan(dir.resolve("c.pcap")), watched.resolve("c.pcap"));
            Await.until("the ended flows of a.pcap and b.pcap.gz", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> Files.isDirectory(out) && endedFlows(CliRun.flows(out)).size() >= expected.size(),
                    () -> "; files read: " + filesDone(cluster));
            // A file read twice would have added flows to the files committed by then.
            JobMetrics.ofRunningJob(REPORTER, cluster).orElseThrow().awaitMoreCheckpoints(2, Duration.ofSeconds(30));
            received = endedFlows(CliRun.flows(out));
        } finally {
            UnboundedJobs.cancelRunning(cluster);
        }
        assertThat(job.get()).as("cancelling is how a watch ends").isZero();
        assertThat(received).hasSize(206).isEqualTo(expected);
    }

    /** Captures the running watch has read so far; 0 before it runs. */
    private static long filesDone(MiniCluster cluster) throws Exception {
        return JobMetrics.ofRunningJob(REPORTER, cluster).map(metrics -> metrics.sumSoFar("filesDone")).orElse(0L);
    }

    private List<Map<String, String>> offlineFlows() throws Exception {
        Path offline = Files.createDirectories(dir.resolve("offline-input"));
        Files.copy(SharedData.sampleData().resolve("loopback-http-curl.pcap"), offline.resolve("a.pcap"));
        Files.copy(SharedData.sampleData().resolve("loopback-nmap-syn-scan.pcap.gz"), offline.resolve("b.pcap.gz"));
        CliRun run = CliRun.of("--input", offline.toString(), "--output", dir.resolve("offline").toString(),
                "--no-progress");
        assertThat(run.exitStatus).as(run.toString()).isZero();
        return CliRun.flows(dir.resolve("offline"));
    }

    /**
     * Flows that ended by TCP teardown, which a watch emits once event time has passed their linger, without waiting
     * for the idle timeout.
     */
    private static List<String> endedFlows(List<Map<String, String>> flows) {
        return flows.stream().filter(f -> f.get("endReason").equals("fin") || f.get("endReason").equals("rst"))
                .map(Map::toString).sorted().collect(Collectors.toList());
    }
}
