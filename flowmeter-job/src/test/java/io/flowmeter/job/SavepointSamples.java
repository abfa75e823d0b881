package io.flowmeter.job;

import io.flowmeter.flow.FlowAccumulatorSerializer;
import io.flowmeter.job.cli.FlowMeterCli;
import io.flowmeter.testing.SharedData;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the savepoint samples that {@code SavepointCompatibilityTest} restores: for each feature set
 * ({@code flowmeter}, {@code extended}), a watching {@code bin/flowmeter} job over sample-data's three captures is
 * stopped with a savepoint (canonical format, as {@code flink stop --savepointPath} takes it) once it has read
 * them. Its state then holds the scan's 200 reset flows in their TCP linger and the UDP flows still open; only the
 * HTTP flows have been written. Each sample goes to {@code DIR/flow-state-format-<N>-<set>/}, N being this build's
 * {@link FlowAccumulatorSerializer#FORMAT_VERSION}: {@code savepoint/} (the savepoint, relocatable),
 * {@code flows-before-cut/} (the flow files the job had committed when it stopped, as it wrote them) and
 * {@code sample.properties} (the build, the inputs, the job's options, where the run was cut and what the state
 * held).
 *
 * <p>The savepoint stays valid in another directory because nothing in it names a path that the restore needs:
 * every capture had been read (the watch keeps only the paths it has seen, and the restore watches a directory of
 * later captures), and the flow files had all been committed by earlier checkpoints, so the sink holds no pending
 * file.
 *
 * <p>Run it in {@code flowmeter-job} of the build whose state is to be sampled, after {@code mvn install
 * -DskipTests} (or {@code package}) there:
 *
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.flowmeter.job.SavepointSamples src/test/resources/savepoints
 * </pre>
 *
 * For an earlier build, check it out in a worktree, copy this file into its {@code flowmeter-job} test sources and
 * run it there; then copy the sample directories it wrote into this module's {@code src/test/resources/savepoints}.
 * A sample directory that exists is left alone: delete it to take it again.
 */
public final class SavepointSamples {

    /** The captures of sample-data the sampled job reads, in the order the watch reads them (path order). */
    static final List<String> CAPTURES = List.of("loopback-http-curl.pcap", "loopback-nmap-syn-scan.pcap.gz",
            "loopback-udp-dns-like.pcapng");
    /** The feature sets sampled. */
    static final List<String> FEATURE_SETS = List.of("flowmeter", "extended");
    /** The description file of a sample. */
    static final String DESCRIPTION = "sample.properties";
    static final String SAVEPOINT = "savepoint";
    static final String FLOWS_BEFORE_CUT = "flows-before-cut";

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private SavepointSamples() {}

    /** The options of the sampled job but its input and output (and --restore), for {@code featureSet}. */
    static List<String> jobOptions(String featureSet) {
        return List.of("--watch", "--watch-interval", "0.5", "--watch-settle", "0.5", "--checkpoint-interval",
                "0.5", "--parallelism", "2", "--features", featureSet, "--no-progress");
    }

    /** The sample directory of {@code featureSet} for flow state format {@code format}. */
    static String sampleName(int format, String featureSet) {
        return "flow-state-format-" + format + "-" + featureSet;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SavepointSamples DIR (flowmeter-job/src/test/resources/savepoints)");
            System.exit(2);
        }
        Path root = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        Configuration configuration = REPORTER.addToConfiguration(new Configuration());
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(configuration)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        TestStreamEnvironment.setAsContext(cluster, 2);
        try {
            for (String featureSet : FEATURE_SETS) {
                Path sample = root.resolve(sampleName(FlowAccumulatorSerializer.FORMAT_VERSION, featureSet));
                if (Files.exists(sample)) {
                    System.out.println(sample + " exists: left alone");
                    continue;
                }
                take(cluster, featureSet, sample);
                System.out.println("wrote " + sample);
            }
        } finally {
            TestStreamEnvironment.unsetAsContext();
            cluster.close();
        }
        System.exit(0); // the MiniCluster leaves non-daemon threads
    }

    private static void take(MiniCluster cluster, String featureSet, Path sample) throws Exception {
        Path work = Files.createTempDirectory("savepoint-sample-");
        Path watched = Files.createDirectories(work.resolve("watched"));
        Path out = work.resolve("out");
        for (String capture : CAPTURES) {
            Files.copy(SharedData.sampleData().resolve(capture), watched.resolve(capture));
        }
        List<String> args = new ArrayList<>(List.of("--input", watched.toString(), "--output", out.toString()));
        args.addAll(jobOptions(featureSet));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> FlowMeterCli.run(System.out, System.err,
                args.toArray(String[]::new)));
        JobID job = awaitRunningJob(cluster, run);
        JobMetrics metrics = JobMetrics.ofRunningJob(REPORTER, cluster).orElseThrow();
        Await.until("the watch to read the captures", PATIENCE, Duration.ofMillis(100),
                () -> metrics.sumSoFar("filesDone") == CAPTURES.size(), () -> "");
        // Flows that end once the captures are read are then written, and committed by the next checkpoint; after
        // two more with nothing new, the sink holds no file, committed or not, that the savepoint would name.
        metrics.awaitMoreCheckpoints(2, PATIENCE);
        int committed = committedFlows(out).size();
        metrics.awaitMoreCheckpoints(2, PATIENCE);
        if (committedFlows(out).size() != committed) {
            throw new IllegalStateException("flows were still being written: " + committed + " then "
                    + committedFlows(out).size());
        }
        Path savepoints = work.resolve("savepoints");
        String savepoint = cluster.stopWithSavepoint(job, savepoints.toUri().toString(), false,
                SavepointFormatType.CANONICAL).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        int status = run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (status != 0) {
            throw new IllegalStateException("the sampled job ended with status " + status);
        }
        List<Map<String, String>> beforeCut = committedFlows(out);
        List<Map<String, String>> offline = offlineFlows(work, featureSet);

        Path staging = Files.createDirectories(work.resolve("sample"));
        copyTree(Path.of(java.net.URI.create(savepoint)), staging.resolve(SAVEPOINT));
        Files.createDirectories(staging.resolve(FLOWS_BEFORE_CUT));
        for (Path file : CliRun.flowFiles(out)) {
            Files.copy(file, staging.resolve(FLOWS_BEFORE_CUT).resolve(file.getFileName()));
        }
        describe(staging.resolve(DESCRIPTION), featureSet, beforeCut, offline);
        Files.createDirectories(sample.getParent());
        copyTree(staging, sample);
        deleteTree(work); // also the flow files, whose paths only the generator's sink knew
    }

    /** The job the command line submitted, once it runs; fails if the command line ends first. */
    private static JobID awaitRunningJob(MiniCluster cluster, CompletableFuture<Integer> run) throws Exception {
        JobID[] found = new JobID[1];
        Await.until("the job to run", PATIENCE, Duration.ofMillis(100), () -> {
            if (run.isDone()) {
                throw new IllegalStateException("the command line ended with status " + run.get());
            }
            for (JobStatusMessage job : cluster.listJobs().get()) {
                if (job.getJobState() == JobStatus.RUNNING) {
                    found[0] = job.getJobId();
                }
            }
            return found[0] != null;
        }, () -> "");
        return found[0];
    }

    /** The flows of an offline run of the same captures with the same features, for the description's counts. */
    private static List<Map<String, String>> offlineFlows(Path work, String featureSet) throws IOException {
        Path out = work.resolve("offline");
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int status = FlowMeterCli.run(quiet, System.err, "--input", work.resolve("watched").toString(), "--output",
                out.toString(), "--parallelism", "2", "--features", featureSet, "--no-progress");
        if (status != 0) {
            throw new IllegalStateException("the offline run ended with status " + status);
        }
        return CliRun.flows(out);
    }

    private static void describe(Path file, String featureSet, List<Map<String, String>> beforeCut,
            List<Map<String, String>> offline) throws IOException {
        Set<Map<String, String>> written = new HashSet<>(beforeCut);
        long open = offline.stream().filter(row -> !written.contains(row)).count();
        long openUntilEnd = offline.stream().filter(row -> row.get("endReason").equals("eof")).count();
        long lingering = offline.stream().filter(row -> !written.contains(row))
                .filter(row -> row.get("endReason").equals("fin") || row.get("endReason").equals("rst")).count();
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("# A savepoint sample of SavepointSamples (flowmeter-job test sources), restored by"
                    + " SavepointCompatibilityTest.\n");
            out.write("flowStateFormat=" + FlowAccumulatorSerializer.FORMAT_VERSION + "\n");
            out.write("featureSet=" + featureSet + "\n");
            out.write("build=" + build() + "\n");
            out.write("taken=stop with savepoint (canonical format) on a MiniCluster of 2 slots, as flink stop"
                    + " --savepointPath takes it\n");
            out.write("captures=" + String.join(",", CAPTURES) + "\n");
            out.write("capturesFrom=sample-data\n");
            out.write("jobOptions=" + String.join(" ", jobOptions(featureSet)) + "\n");
            out.write("cut=after the watch had read every capture and two checkpoints had passed with no flow"
                    + " written\n");
            out.write("flowsWrittenBeforeCut=" + beforeCut.size() + "\n");
            out.write("flowsInStateAtCut=" + open + "\n");
            out.write("flowsLingeringAtCut=" + lingering + "\n");
            out.write("flowsOpenUntilInputEnds=" + openUntilEnd + "\n");
            out.write("flowsOfAnOfflineRun=" + offline.size() + "\n");
        }
    }

    /** The commit of the working tree this runs in, as git names it, or "unknown". */
    private static String build() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=40")
                    .redirectErrorStream(true).start();
            String commit = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? commit : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static List<Map<String, String>> committedFlows(Path out) throws IOException {
        return Files.isDirectory(out) ? CliRun.flows(out) : List.of();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted().collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(file);
            }
        }
    }
}
