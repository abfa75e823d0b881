package io.flowmeter.job;

import io.flowmeter.flow.FlowAssembler;
import io.flowmeter.testing.SharedData;
import io.flowmeter.train.cli.TrainCli;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

import java.io.EOFException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's metrics, as a metric reporter (Prometheus on Kubernetes) sees them: packets and bytes read, non-IP and
 * malformed packets, files done and corrupt, open flows, flows by end reason, and flows and bytes flagged. Each is
 * summed over subtasks and checked against a count made apart from the job.
 */
class MetricsTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration())).setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2).build());

    @TempDir Path dir;

    @Test
    void packetFileAndFlowMetricsCountWhatWasRead(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path corrupt = Files.createDirectories(dir.resolve("in")).resolve("corrupt.pcap");
        Files.write(corrupt, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4});
        CliRun run = CliRun.of("--input", SharedData.sampleData().toString(), corrupt.toString(), "--output",
                dir.resolve("out").toString(), "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        JobID job = lastJob(cluster);
        assertThat(sum(job, "packets")).isEqualTo(529);
        assertThat(sum(job, "packetBytes")).isEqualTo(wireBytesOfTheSampleCaptures());
        assertThat(sum(job, "nonIpPackets")).isZero();
        assertThat(sum(job, "malformedPackets")).isZero();
        assertThat(sum(job, "filesDone")).isEqualTo(3);
        assertThat(sum(job, "filesCorrupt")).isEqualTo(1);
        assertThat(sum(job, "activeFlows")).as("all flows ended").isZero();
        assertThat(sum(job, "flows")).isEqualTo(212);
        assertThat(sum(job, "flows", "rst")).isEqualTo(200);
        assertThat(sum(job, "flows", "fin")).isEqualTo(6);
        assertThat(sum(job, "flows", "eof")).isEqualTo(6);
        assertThat(sum(job, "flows", "idle")).isZero();
    }

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
        List<Map<String, String>> flagged = CliRun.flows(dir.resolve("out").resolve("alerts"));
        long flaggedBytes = flagged.stream().mapToLong(f -> Long.parseLong(f.get("packetSizeTotal"))).sum();
        long allBytes = CliRun.flows(dir.resolve("out")).stream()
                .mapToLong(f -> Long.parseLong(f.get("packetSizeTotal"))).sum();
        JobID job = lastJob(cluster);
        assertThat(flagged).hasSizeGreaterThan(300);
        assertThat(sum(job, "flaggedFlows")).isEqualTo(flagged.size());
        assertThat(sum(job, "flaggedBytes")).isEqualTo(flaggedBytes);
        assertThat(sum(job, "scoredBytes")).isEqualTo(allBytes);
    }

    /** The most recently submitted job of the MiniCluster. */
    private static JobID lastJob(MiniCluster cluster) throws Exception {
        return cluster.listJobs().get().stream().max(Comparator.comparingLong(JobStatusMessage::getStartTime))
                .orElseThrow().getJobId();
    }

    /** The sum over subtasks of the operator counters or gauges named {@code name}. */
    private static long sum(JobID job, String name) {
        return sum(job, name, null);
    }

    /**
     * The sum over subtasks of the counters or gauges named {@code name}, in the groups of one end reason (or, if
     * null, in operator groups themselves).
     */
    private static long sum(JobID job, String name, String endReason) {
        long sum = 0;
        int found = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : REPORTER.getMetricsByGroup().entrySet()) {
            Map<String, String> variables = group.getKey().getAllVariables();
            Metric metric = group.getValue().get(name);
            if (metric == null || !job.toString().equals(variables.get("<job_id>"))
                    || !Objects.equals(endReason, variables.get("<" + FlowAssembler.END_REASON_GROUP + ">"))) {
                continue;
            }
            found++;
            sum += metric instanceof Counter ? ((Counter) metric).getCount()
                    : ((Number) ((Gauge<?>) metric).getValue()).longValue();
        }
        assertThat(found).as("metrics %s (end reason %s)", name, endReason).isPositive();
        return sum;
    }

    /** The original (wire) lengths of every frame of the sample captures, as libpcap reads them. */
    private long wireBytesOfTheSampleCaptures() throws Exception {
        long bytes = 0;
        try (var files = Files.list(SharedData.sampleData())) {
            for (Path capture : files.filter(f -> f.toString().matches(".*\\.pcap(ng)?(\\.gz)?")).toArray(Path[]::new)) {
                Path plain = capture;
                if (capture.toString().endsWith(".gz")) {
                    plain = dir.resolve(capture.getFileName().toString().replace(".gz", ""));
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(capture))) {
                        Files.copy(in, plain);
                    }
                }
                try (PcapHandle handle = Pcaps.openOffline(plain.toString(), PcapHandle.TimestampPrecision.NANO)) {
                    while (true) {
                        try {
                            handle.getNextPacketEx();
                            bytes += handle.getOriginalLength();
                        } catch (EOFException end) {
                            break;
                        }
                    }
                }
            }
        }
        return bytes;
    }
}
