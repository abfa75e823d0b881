package io.flowmeter.job;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.testing.SharedData;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.CheckpointConfig.ExternalizedCheckpointCleanup;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once over a multi-file archive on a MiniCluster with checkpoints: a task failure injected midway, and a
 * stop with savepoint followed by a resume, each give the flow files of an uninterrupted run, row for row. Reader
 * positions are in the checkpoints, flows in progress too, and the CSV sink commits only checkpointed files.
 */
class RecoveryTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir java.nio.file.Path dir;

    /**
     * The archive tests close flows at their RST or last ACK: the sample scan is shorter than the default linger, so
     * with it every flow would come at the end of input and nothing would be "midway". The continuous test below
     * keeps the default linger and stops during it.
     */
    private static final FlowSettings CLOSED_AT_ONCE = FlowSettings.defaults().withTcpLinger(Duration.ZERO);

    private List<String> uninterrupted;

    @BeforeEach
    void runUninterrupted() throws Exception {
        CliRun run = CliRun.of("--input", SharedData.sampleData().toString(), "--output",
                dir.resolve("uninterrupted").toString(), "--parallelism", "2", "--tcp-linger", "0", "--no-progress");
        assertThat(run.exitStatus).as(run.toString()).isZero();
        uninterrupted = rows(dir.resolve("uninterrupted"));
        Throttle.reset();
    }

    @Test
    void aTaskFailureMidwayLosesAndDuplicatesNothing() throws Exception {
        StreamExecutionEnvironment env = job(dir.resolve("failed"), new Configuration(), null, CLOSED_AT_ONCE);
        Throttle.failuresLeft.set(1);

        env.execute("recovery: injected failure");

        assertThat(Throttle.failuresLeft.get()).as("the failure was injected").isNegative();
        assertThat(rows(dir.resolve("failed"))).isEqualTo(uninterrupted);
    }

    @Test
    void aCancelledJobResumedFromItsLastRetainedCheckpointLosesAndDuplicatesNothing() throws Exception {
        java.nio.file.Path out = dir.resolve("cancelled");
        Configuration retained = new Configuration();
        retained.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        retained.set(ExecutionCheckpointingOptions.EXTERNALIZED_CHECKPOINT,
                ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        JobClient first = job(out, retained, null, CLOSED_AT_ONCE).executeAsync("recovery: cancelled");
        awaitCheckpointAndFlows(40);
        first.cancel().get(60, TimeUnit.SECONDS);
        int flowsBeforeCancel = rows(out).size();

        job(out, resumingFrom(retained, latestCheckpoint(dir.resolve("checkpoints"))), null, CLOSED_AT_ONCE)
                .execute("recovery: resumed from the retained checkpoint");

        assertAllFlowsOnceAfterAnInterruption(out, flowsBeforeCancel);
    }

    @Test
    void anArchiveJobStoppedWithASavepointMidwayAndResumedLosesAndDuplicatesNothing() throws Exception {
        java.nio.file.Path out = dir.resolve("stopped-archive");
        JobClient first = job(out, new Configuration(), null, CLOSED_AT_ONCE)
                .executeAsync("recovery: archive stopped with a savepoint");
        awaitFlows(40);
        String savepoint = stopWithSavepoint(first);
        int flowsBeforeStop = rows(out).size();

        job(out, resumingFrom(new Configuration(), savepoint), null, CLOSED_AT_ONCE)
                .execute("recovery: archive resumed");

        assertAllFlowsOnceAfterAnInterruption(out, flowsBeforeStop);
    }

    /**
     * A watching job stopped with a savepoint while flows linger and others are open, resumed, and fed a later capture:
     * the flows of the offline run of the same four captures, but those still open when input stops (eof).
     */
    @Test
    void aContinuousJobStoppedWithASavepointDuringALingerAndResumedLosesAndDuplicatesNothing() throws Exception {
        java.nio.file.Path watched = java.nio.file.Files.createDirectories(dir.resolve("watched"));
        java.nio.file.Path offline = java.nio.file.Files.createDirectories(dir.resolve("offline-input"));
        java.nio.file.Path out = dir.resolve("stopped");
        for (String sample : List.of("loopback-http-curl.pcap", "loopback-udp-dns-like.pcapng",
                "loopback-nmap-syn-scan.pcap.gz")) {
            copy(sample, watched);
            copy(sample, offline);
        }
        // 10 s after the scan: event time passes the scan's linger once this is read
        java.nio.file.Path later = SampleCaptures.afterTheScan(offline.resolve("z-after-the-scan.pcap"));
        CliRun run = CliRun.of("--input", offline.toString(), "--output", dir.resolve("offline").toString(),
                "--parallelism", "2", "--no-progress");
        assertThat(run.exitStatus).as(run.toString()).isZero();
        // A watching job never reaches the end of its input, so flows still open at the end (eof) never come.
        List<String> expected = CliRun.flows(dir.resolve("offline")).stream()
                .filter(row -> !row.get("endReason").equals("eof")).map(Map::toString).sorted()
                .collect(Collectors.toList());
        JobClient first = job(out, new Configuration(), watched, FlowSettings.defaults())
                .executeAsync("recovery: stopped with a savepoint");
        // The scan moves event time past the HTTP connections' linger: their 6 flows come out. The scan's 200 flows,
        // each reset, linger, and the UDP flows are open: all go into the savepoint.
        awaitRows(out, 6);
        String savepoint = stopWithSavepoint(first);
        int flowsBeforeStop = rows(out).size();

        JobClient second = job(out, resumingFrom(new Configuration(), savepoint), watched, FlowSettings.defaults())
                .executeAsync("recovery: resumed from the savepoint");
        java.nio.file.Files.copy(later, watched.resolve(later.getFileName()));
        awaitRows(out, expected.size());
        int checkpoints = Throttle.checkpoints.get();
        // duplicates, if any, would be in the files committed by two more checkpoints (counted by both subtasks)
        await("2 more checkpoints", () -> Throttle.checkpoints.get() >= checkpoints + 4);
        List<String> resumed = rows(out);
        second.cancel().get(60, TimeUnit.SECONDS);

        System.out.printf("recovery: %d flows committed before the interruption, %d after%n", flowsBeforeStop,
                resumed.size());
        assertThat(flowsBeforeStop).as("stopped during the linger of the scan's flows").isEqualTo(6);
        assertThat(expected).filteredOn(row -> row.contains("endReason=rst")).as("the scan's flows").hasSize(200);
        assertThat(resumed).isEqualTo(expected);
    }

    private String stopWithSavepoint(JobClient job) throws Exception {
        return job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    /** {@code base}, set to start from a checkpoint or savepoint. */
    private static Configuration resumingFrom(Configuration base, String checkpointOrSavepoint) {
        Configuration resume = new Configuration(base);
        resume.set(SavepointConfigOptions.SAVEPOINT_PATH, checkpointOrSavepoint);
        return resume;
    }

    /** The interruption came midway, and the output after the resume is the uninterrupted run's, row for row. */
    private void assertAllFlowsOnceAfterAnInterruption(java.nio.file.Path out, int flowsBefore) throws Exception {
        System.out.printf("recovery: %d flows committed before the interruption%n", flowsBefore);
        assertThat(flowsBefore).as("interrupted midway").isBetween(1, uninterrupted.size() - 1);
        assertThat(rows(out)).isEqualTo(uninterrupted);
    }

    private static void copy(String sample, java.nio.file.Path directory) throws java.io.IOException {
        java.nio.file.Files.copy(SharedData.sampleData().resolve(sample), directory.resolve(sample));
    }

    private static void awaitRows(java.nio.file.Path out, int rows) throws Exception {
        await(rows + " flows", () -> java.nio.file.Files.isDirectory(out) && rows(out).size() >= rows);
    }

    private static void awaitFlows(int flows) throws Exception {
        await(flows + " flows", () -> Throttle.flowsSeen.get() >= flows);
    }

    private static void awaitCheckpointAndFlows(int flows) throws Exception {
        await("a checkpoint and " + flows + " flows",
                () -> Throttle.checkpoints.get() > 0 && Throttle.flowsSeen.get() >= flows);
    }

    private static void await(String what, Callable<Boolean> done) throws Exception {
        Await.until(what, Duration.ofSeconds(60), Duration.ofMillis(5), done, () -> "");
    }

    /** The most recent chk-N under a retained checkpoint directory. */
    private static String latestCheckpoint(java.nio.file.Path checkpoints) throws Exception {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(checkpoints)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata"))
                    .max(java.util.Comparator.comparingLong(f -> f.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no retained checkpoint in " + checkpoints))
                    .getParent().toUri().toString();
        }
    }

    /**
     * The flow job of the command line on the sample captures read once, or on a directory it watches (not null),
     * with a throttle that may fail once.
     */
    private static StreamExecutionEnvironment job(java.nio.file.Path out, Configuration configuration,
            java.nio.file.Path watch, FlowSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(2, 100));
        DataStream<FlowRecord> flows = watch != null
                ? CaptureFlows.watched(env, List.of(new Path(watch.toUri())), Set.of(), settings,
                        Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ZERO).flows()
                : CaptureFlows.flows(env, List.of(new Path(SharedData.sampleData().toUri())), Set.of(),
                        settings, Duration.ofSeconds(1),
                        CaptureFlows.Layout.SHARDED, "");
        DataStream<FlowRecord> throttled = flows.map(new Throttle()).uid("throttle");
        FlowMeterJob.build(env, throttled, new FlowMeterJob.Outputs(new Path(out.toUri()), null, null, null,
                null, "recovery").withColumns(io.flowmeter.job.sink.FlowColumns.of(settings)), null);
        return env;
    }

    private static List<String> rows(java.nio.file.Path out) throws Exception {
        return CliRun.flows(out).stream().map(Map::toString).sorted().collect(Collectors.toList());
    }

    /**
     * Slows flows down (10 ms each) so that checkpoints happen mid-run, and, while {@code failuresLeft} is positive,
     * fails once some flows have passed after a completed checkpoint.
     */
    static final class Throttle implements MapFunction<FlowRecord, FlowRecord>, CheckpointListener {
        static final AtomicInteger failuresLeft = new AtomicInteger();
        static final AtomicInteger checkpoints = new AtomicInteger();
        static final AtomicInteger flowsSeen = new AtomicInteger();

        static void reset() {
            failuresLeft.set(0);
            checkpoints.set(0);
            flowsSeen.set(0);
        }

        @Override
        public FlowRecord map(FlowRecord flow) throws Exception {
            Thread.sleep(10);
            if (flowsSeen.incrementAndGet() >= 40 && checkpoints.get() > 0 && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("injected failure");
            }
            return flow;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpoints.incrementAndGet();
        }
    }
}
