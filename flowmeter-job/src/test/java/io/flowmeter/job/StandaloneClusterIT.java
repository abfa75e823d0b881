package io.flowmeter.job;

import io.flowmeter.job.StandaloneCluster.CommandResult;
import io.flowmeter.job.cli.FlowMeterCli;
import io.flowmeter.testing.SharedData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job jars on a real Flink 1.17.2 standalone cluster: a JobManager and two TaskManagers, each its own JVM,
 * with jobs submitted by the {@code flink} command line ({@code flink run -c MAIN JAR ARGS}) as a user submits them.
 * The flows equal a local {@code bin/flowmeter} run; a continuous job stopped with a savepoint and resumed loses and
 * duplicates nothing (end-to-end's TrainedModelOnClusterIT trains and scores a model there). Runs after
 * {@code package} (failsafe), since it needs the job jars.
 */
class StandaloneClusterIT {

    private static final Duration BOUNDED_JOB = Duration.ofMinutes(4);
    private static final Duration CLI_COMMAND = Duration.ofMinutes(2);
    private static final List<String> SAMPLES = List.of("loopback-http-curl.pcap", "loopback-udp-dns-like.pcapng",
            "loopback-nmap-syn-scan.pcap.gz");

    @TempDir static Path dir;
    static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSampleCapturesGiveTheFlowsOfALocalRun() throws Exception {
        assertClusterRunEqualsLocalRun("sample", SharedData.sampleData());
    }

    @Test
    void theSharedCapturesGiveTheFlowsOfALocalRun() throws Exception {
        assertClusterRunEqualsLocalRun("shared", SharedData.sharedPcaps());
    }

    private void assertClusterRunEqualsLocalRun(String name, Path input) throws Exception {
        Path onCluster = dir.resolve(name + "-cluster");
        Path local = dir.resolve(name + "-local");

        CommandResult run = cluster.flink(BOUNDED_JOB, flowmeter("--input", input.toString(), "--output",
                onCluster.toString(), "--no-progress"));
        CliRun localRun = CliRun.of("--input", input.toString(), "--output", local.toString(), "--no-progress");

        assertThat(run.exitStatus).as("%s%s", run, cluster.logs()).isZero();
        assertThat(localRun.exitStatus).as(localRun.toString()).isZero();
        List<String> flows = rows(onCluster);
        System.out.printf("standalone cluster, %s: %d flows, %d flow files%n", name, flows.size(),
                CliRun.flowFiles(onCluster).size());
        assertThat(flows).isNotEmpty();
        assertSameRows(flows, rows(local));
        assertThat(run.output).as("the summary, printed by the CLI").contains("flows     " + String.format(
                java.util.Locale.ROOT, "%,d", flows.size()) + " written to " + onCluster);
    }

    @Test
    void extendedFeaturesInParquetFromTheClusterEqualALocalCsvRun() throws Exception {
        String sample = SharedData.sampleData().toString();
        Path onCluster = dir.resolve("parquet-cluster");
        Path local = dir.resolve("csv-local");

        CommandResult run = cluster.flink(BOUNDED_JOB, flowmeter("--input", sample, "--output", onCluster.toString(),
                "--features", "extended", "--format", "parquet", "--no-progress"));
        CliRun localRun = CliRun.of("--input", sample, "--output", local.toString(), "--features", "extended",
                "--no-progress");

        assertThat(run.exitStatus).as("%s%s", run, cluster.logs()).isZero();
        assertThat(localRun.exitStatus).as(localRun.toString()).isZero();
        assertSameRows(OutputFormatsTest.rows(onCluster, "parquet"), OutputFormatsTest.rows(local, "csv"));
    }

    @Test
    void theHostContextFromTheClusterEqualsALocalRun() throws Exception {
        String recordings = io.flowmeter.testing.SharedData.trainingData().toString();
        Path onCluster = dir.resolve("host-context-cluster");
        Path local = dir.resolve("host-context-local");

        CommandResult run = cluster.flink(BOUNDED_JOB, flowmeter("--input", recordings, "--output",
                onCluster.toString(), "--features", "extended,host-context", "--no-progress"));
        CliRun localRun = CliRun.of("--input", recordings, "--output", local.toString(), "--features",
                "extended,host-context", "--parallelism", "1", "--no-progress");

        assertThat(run.exitStatus).as("%s%s", run, cluster.logs()).isZero();
        assertThat(localRun.exitStatus).as(localRun.toString()).isZero();
        List<String> flows = rows(onCluster);
        assertThat(flows).hasSize(2895).allSatisfy(row -> assertThat(row).contains("dstHostDistinctPeers60s"));
        assertSameRows(flows, rows(local));
    }

    @Test
    void aContinuousJobStoppedWithASavepointDuringALingerAndResumedLosesAndDuplicatesNothing() throws Exception {
        Path watched = Files.createDirectories(dir.resolve("watched"));
        Path offlineInput = Files.createDirectories(dir.resolve("offline-input"));
        Path out = dir.resolve("continuous");
        Path later = SampleCaptures.afterTheScan(dir.resolve("z-after-the-scan.pcap"));
        for (String sample : SAMPLES) {
            Files.copy(SharedData.sampleData().resolve(sample), offlineInput.resolve(sample));
        }
        Files.copy(later, offlineInput.resolve(later.getFileName()));
        // A watching job never reaches the end of its input, so flows still open at the end (eof) never come.
        CliRun offline = CliRun.of("--input", offlineInput.toString(), "--output", dir.resolve("offline").toString(),
                "--no-progress");
        assertThat(offline.exitStatus).as(offline.toString()).isZero();
        List<String> expected = CliRun.flows(dir.resolve("offline")).stream()
                .filter(row -> !row.get("endReason").equals("eof")).map(Map::toString).sorted()
                .collect(Collectors.toList());
        String[] job = flowmeter("--input", watched.toString(), "--watch", "--watch-interval", "0.5",
                "--watch-settle", "0", "--checkpoint-interval", "0.5", "--output", out.toString());

        String first = submitDetached(job);
        for (String sample : SAMPLES) {
            drop(SharedData.sampleData().resolve(sample), watched);
        }
        // The scan moves event time past the HTTP connections' linger: their 6 flows come out. The scan's flows,
        // each reset, linger, and the UDP flows are open: all go into the savepoint.
        awaitRows(out, 6);
        CommandResult stop = cluster.flink(CLI_COMMAND, "stop", "--savepointPath",
                dir.resolve("savepoints").toUri().toString(), first);
        assertThat(stop.exitStatus).as("%s%s", stop, cluster.logs()).isZero();
        String savepoint = stop.find("Savepoint completed\\. Path: (\\S+)");
        await("job " + first + " finished", () -> cluster.jobState(first).equals("FINISHED"));
        int flowsAtTheStop = rows(out).size();

        List<String> resumedJob = new ArrayList<>(List.of("run", "--detached", "--fromSavepoint", savepoint));
        resumedJob.addAll(Arrays.asList(job).subList(1, job.length));
        String second = submitted(cluster.flink(CLI_COMMAND, resumedJob.toArray(new String[0])));
        drop(later, watched);
        awaitRows(out, expected.size());
        // duplicates, if any, would be in the files committed by two more checkpoints
        long checkpoints = cluster.completedCheckpoints(second);
        await("2 more checkpoints of job " + second, () -> cluster.completedCheckpoints(second) >= checkpoints + 2);
        List<String> resumed = rows(out);
        CommandResult cancel = cluster.flink(CLI_COMMAND, "cancel", second);

        System.out.printf("standalone cluster, savepoint round trip: %d flows committed at the stop, %d in all%n",
                flowsAtTheStop, resumed.size());
        assertThat(cancel.exitStatus).as(cancel.toString()).isZero();
        assertThat(flowsAtTheStop).as("stopped during the linger of the scan's flows").isEqualTo(6);
        assertThat(expected).filteredOn(row -> row.contains("endReason=rst")).as("the scan's flows").hasSize(200);
        assertSameRows(resumed, expected);
    }

    /** {@code run -c FlowMeterCli JOB-JAR ARGS...}. */
    static String[] flowmeter(String... args) {
        List<String> command = new ArrayList<>(List.of("run", "-c", FlowMeterCli.class.getName(), jar("job")));
        command.addAll(Arrays.asList(args));
        return command.toArray(new String[0]);
    }

    static String jar(String which) {
        Path jar = Path.of(System.getProperty("flowmeter." + which + ".jar", "missing"));
        assertThat(jar).as("the %s jar (mvn package)", which).isRegularFile();
        return jar.toString();
    }

    private static String submitDetached(String[] runCommand) throws Exception {
        List<String> detached = new ArrayList<>(List.of("run", "--detached"));
        detached.addAll(Arrays.asList(runCommand).subList(1, runCommand.length));
        return submitted(cluster.flink(CLI_COMMAND, detached.toArray(new String[0])));
    }

    /** The job ID a detached {@code flink run} printed; the job is running. */
    private static String submitted(CommandResult run) throws Exception {
        assertThat(run.exitStatus).as("%s%s", run, cluster.logs()).isZero();
        String jobId = run.find("Job has been submitted with JobID ([0-9a-f]{32})");
        assertThat(run.output).contains("flowmeter: submitted job " + jobId);
        await("job " + jobId + " running", () -> cluster.jobState(jobId).equals("RUNNING"));
        return jobId;
    }

    /** Moves a copy of a capture into a watched directory in one step, so the watcher never sees it half-written. */
    private static void drop(Path capture, Path watched) throws Exception {
        String name = capture.getFileName().toString();
        Path partial = Files.copy(capture, dir.resolve(name + ".partial"));
        Files.move(partial, watched.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitRows(Path out, int rows) throws Exception {
        await(rows + " flows", () -> Files.isDirectory(out) && rows(out).size() >= rows);
    }

    private static void await(String what, Callable<Boolean> done) throws Exception {
        Await.until(what, Duration.ofSeconds(90), Duration.ofMillis(100), done, cluster::logs);
    }

    /** The same rows, each as often; on a difference, only the differing rows are shown. */
    static void assertSameRows(List<String> actual, List<String> expected) {
        Map<String, Integer> balance = new HashMap<>();
        expected.forEach(row -> balance.merge(row, 1, Integer::sum));
        actual.forEach(row -> balance.merge(row, -1, Integer::sum));
        List<String> differences = balance.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> (e.getValue() > 0 ? "missing " + e.getValue() : "extra " + -e.getValue()) + " x " + e.getKey())
                .sorted().collect(Collectors.toList());
        assertThat(differences).as("rows differing (%d expected, %d found)", expected.size(), actual.size()).isEmpty();
    }

    static List<String> rows(Path out) throws Exception {
        return CliRun.flows(out).stream().map(Map::toString).sorted().collect(Collectors.toList());
    }
}
