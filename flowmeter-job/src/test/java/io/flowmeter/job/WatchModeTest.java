package io.flowmeter.job;

import io.flowmeter.job.cli.FlowMeterCli;
import io.flowmeter.testing.SharedData;

import org.apache.flink.runtime.minicluster.MiniCluster;
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

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

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

        Files.copy(SharedData.sampleData().resolve("loopback-http-curl.pcap"), watched.resolve("a.pcap"));
        Thread.sleep(3000);
        Files.copy(SharedData.sampleData().resolve("loopback-nmap-syn-scan.pcap.gz"), watched.resolve("b.pcap.gz"));
        // The scan moves event time past the linger of the HTTP flows, which come out; its own reset flows linger
        // until a later capture moves event time past them.
        awaitEndedFlows(out, 6);
        Files.move(SampleCaptures.afterTheScan(dir.resolve("c.pcap")), watched.resolve("c.pcap"));
        awaitEndedFlows(out, expected.size());
        Thread.sleep(2000); // a file read twice would add flows now
        List<String> received = endedFlows(CliRun.flows(out));

        UnboundedJobs.cancelRunning(cluster);
        assertThat(job.get()).as("cancelling is how a watch ends").isZero();
        assertThat(received).hasSize(206).isEqualTo(expected);
    }

    private static void awaitEndedFlows(Path out, int flows) throws Exception {
        Await.until(flows + " ended flows", Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> Files.isDirectory(out) && endedFlows(CliRun.flows(out)).size() >= flows, () -> "");
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

    /** Flows that ended by TCP teardown, which a watch emits without waiting for the idle timeout. */
    private static List<String> endedFlows(List<Map<String, String>> flows) {
        return flows.stream().filter(f -> f.get("endReason").equals("fin") || f.get("endReason").equals("rst"))
                .map(Map::toString).sorted().collect(Collectors.toList());
    }
}
