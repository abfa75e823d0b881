package io.flowmeter.job;

import io.flowmeter.job.Pcap4jPackets.Pcap4jPacket;
import io.flowmeter.train.cli.TrainCli;

import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scoring metrics of a run with a model trained by flowmeter-train, checked as {@link MetricsTest} checks the
 * others: against libpcap's own reading of the captures.
 */
class ScoringMetricsTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots(REPORTER);

    @TempDir Path dir;

    @Test
    void flaggedFlowAndByteMetricsCountTheFlowsTheModelFlagged(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = dir.resolve("model");
        assertThat(TrainCli.run(System.out, System.err, TrainingCaptures.trainArguments(captures, model, "logistic")))
                .isZero();
        CliRun run = CliRun.of("--input", captures.toString(), "--output", dir.resolve("out").toString(), "--model",
                model.toString(), "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        Map<String, List<Pcap4jPacket>> packets = new HashMap<>();
        try (Stream<Path> files = Files.list(captures)) {
            for (Path capture : files.collect(Collectors.toList())) {
                Pcap4jPackets.byTuple(capture).forEach((tuple, list) ->
                        packets.computeIfAbsent(tuple, t -> new ArrayList<>()).addAll(list));
            }
        }
        long allBytes = packets.values().stream().flatMap(List::stream).mapToLong(p -> p.wireLength).sum();
        // Which flows the model flagged is the job's to say (its alerts); their bytes are libpcap's.
        List<Map<String, String>> flagged = CliRun.flows(dir.resolve("out").resolve("alerts"));
        long flaggedBytes = 0;
        for (Map<String, String> flow : flagged) {
            long start = Long.parseLong(flow.get("flowStartNs"));
            long end = Long.parseLong(flow.get("flowEndNs"));
            flaggedBytes += packets.get(Pcap4jPackets.tupleKey(Integer.parseInt(flow.get("protocol")),
                    flow.get("srcIP"), Integer.parseInt(flow.get("srcPort")), flow.get("dstIP"),
                    Integer.parseInt(flow.get("dstPort")))).stream()
                    .filter(p -> p.nanos >= start && p.nanos <= end).mapToLong(p -> p.wireLength).sum();
        }
        JobMetrics metrics = JobMetrics.ofLastJob(REPORTER, cluster);
        assertThat(flagged).hasSizeGreaterThan(300);
        assertThat(metrics.sum("flaggedFlows")).isEqualTo(flagged.size());
        assertThat(metrics.sum("flaggedBytes")).as("libpcap's bytes of the flagged flows' packets")
                .isEqualTo(flaggedBytes);
        assertThat(metrics.sum("scoredBytes")).as("libpcap's bytes of every TCP and UDP packet")
                .isEqualTo(allBytes);
    }
}
