package io.flowmeter.job;

import io.flowmeter.flow.FlowAccumulatorSerializer;
import io.flowmeter.job.cli.FlowMeterCli;
import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;
import io.flowmeter.testing.SharedData;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Savepoints taken by earlier builds (and by this one, for the next) resume in this build: each sample of {@code
 * src/test/resources/savepoints} ({@link SavepointSamples}: a watching job stopped with 200 flows in their TCP linger
 * and 6 open) is restored with {@code --restore} and fed a capture an hour later, which ends every flow in its state.
 * The flows the job wrote before the savepoint and those it writes after the restore are, row for row, those of an
 * uninterrupted run of the same job over the same captures. A sample without the state the job's features need is
 * refused, naming what is missing.
 */
class SavepointCompatibilityTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots(REPORTER);

    /** Epoch seconds an hour after the last packet of sample-data's nmap scan (the latest sample). */
    private static final long AN_HOUR_AFTER_THE_SCAN_SECONDS = 1_795_405_431L + 3_600;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** The uninterrupted runs' flows by feature set, shared by the samples of each set. */
    private static final Map<String, List<String>> UNINTERRUPTED = new HashMap<>();

    @TempDir Path dir;

    /** The sample directories' names, sorted. */
    static List<String> samples() throws IOException {
        try (Stream<Path> samples = Files.list(samplesDirectory())) {
            return samples.map(sample -> sample.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyFlowStateFormatFromTwoToThisBuildsHasASampleOfEachFeatureSet() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int format = 2; format <= FlowAccumulatorSerializer.FORMAT_VERSION; format++) {
            for (String featureSet : SavepointSamples.FEATURE_SETS) {
                expected.add(SavepointSamples.sampleName(format, featureSet));
            }
        }

        assertThat(samples()).as("take this build's with SavepointSamples").containsAll(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void aSampleResumedAndFedALaterCaptureWritesTheFlowsOfAnUninterruptedRun(String name,
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Path sample = samplesDirectory().resolve(name);
        Properties description = description(sample);
        String featureSet = description.getProperty("featureSet");
        List<String> options = Arrays.asList(description.getProperty("jobOptions").split(" "));
        List<String> expected = uninterrupted(cluster, featureSet, options, description);
        List<String> beforeCut = rows(sample.resolve(SavepointSamples.FLOWS_BEFORE_CUT));
        Path later = Files.createDirectories(dir.resolve("later"));
        anHourAfterTheScan(later.resolve("an-hour-later.pcap"));
        Path out = dir.resolve("resumed");

        List<String> resumed = watch(cluster, later, out, options, expected.size() - beforeCut.size(),
                "--restore", sample.resolve(SavepointSamples.SAVEPOINT).toString());

        System.out.printf("savepoint sample %s: %d flows before the cut, %d after the restore, %d uninterrupted%n",
                name, beforeCut.size(), resumed.size(), expected.size());
        assertThat(beforeCut).hasSize(Integer.parseInt(description.getProperty("flowsWrittenBeforeCut")));
        assertThat(resumed).as("every flow of the savepoint's state, and only those")
                .hasSize(Integer.parseInt(description.getProperty("flowsInStateAtCut")));
        // a sample of an earlier build wrote the columns of its build; later builds' columns are not compared
        List<String> columns = CliRun.header(sample.resolve(SavepointSamples.FLOWS_BEFORE_CUT));
        assertThat(sorted(projected(beforeCut, columns), projected(resumed, columns)))
                .isEqualTo(projected(expected, columns));
    }

    /**
     * FlowMeter's set of format 2 kept no extended state: restored into a job with {@code --features extended}, its
     * flows could not get the columns of the packets before the savepoint. The job fails, saying so.
     */
    @Test
    void aFlowmeterSampleOfFormat2ResumedWithExtendedFeaturesIsRefusedNamingTheMissingState(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        assertRefusedWithExtendedFeatures(cluster, SavepointSamples.sampleName(2, "flowmeter"));
    }

    @Test
    void aFlowmeterSampleOfThisBuildResumedWithExtendedFeaturesIsRefusedNamingTheMissingState(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        assertRefusedWithExtendedFeatures(cluster,
                SavepointSamples.sampleName(FlowAccumulatorSerializer.FORMAT_VERSION, "flowmeter"));
    }

    private void assertRefusedWithExtendedFeatures(MiniCluster cluster, String name) throws Exception {
        Path sample = samplesDirectory().resolve(name);
        Path later = Files.createDirectories(dir.resolve("later"));
        anHourAfterTheScan(later.resolve("an-hour-later.pcap"));
        List<String> args = new ArrayList<>(List.of("--input", later.toString(), "--output",
                dir.resolve("refused").toString(), "--restore", sample.resolve(SavepointSamples.SAVEPOINT).toString()));
        args.addAll(SavepointSamples.jobOptions("extended"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> FlowMeterCli.run(System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new)));
        int status;
        try {
            status = run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            UnboundedJobs.cancelRunning(cluster);
        }

        String message = err.toString(StandardCharsets.UTF_8);
        System.out.println("savepoint sample " + name + " resumed with --features extended:\n" + message);
        assertThat(status).as(message).isEqualTo(1);
        assertThat(message).contains("flowmeter: the job failed")
                .contains("the flows in the checkpoint or savepoint were kept without the state of plugin(s)"
                        + " tcp-flags, header-payload")
                .contains("Resume with the --features and --model of the job that wrote it, or start without it");
    }

    /** The flows of the sampled job run without interruption over the sample's captures and the later one. */
    private List<String> uninterrupted(MiniCluster cluster, String featureSet, List<String> options,
            Properties description) throws Exception {
        List<String> known = UNINTERRUPTED.get(featureSet);
        if (known != null) {
            return known;
        }
        Path watched = Files.createDirectories(dir.resolve("uninterrupted-input"));
        for (String capture : description.getProperty("captures").split(",")) {
            Files.copy(SharedData.sampleData().resolve(capture), watched.resolve(capture));
        }
        // read after the others: the watch reads in path order
        anHourAfterTheScan(watched.resolve("z-an-hour-later.pcap"));
        List<String> flows = watch(cluster, watched, dir.resolve("uninterrupted"), options,
                Integer.parseInt(description.getProperty("flowsOfAnOfflineRun")));
        assertThat(flows).filteredOn(row -> row.contains("endReason=rst")).as("the scan's flows").hasSize(200);
        assertThat(flows).filteredOn(row -> row.contains("endReason=idle")).as("flows open until the later capture")
                .hasSize(Integer.parseInt(description.getProperty("flowsOpenUntilInputEnds")));
        UNINTERRUPTED.put(featureSet, flows);
        return flows;
    }

    /**
     * Runs the job of the command line, watching {@code input}, until it has written {@code flows} flows and two more
     * checkpoints have completed (a flow written twice would show), then cancels it; its flows, sorted.
     */
    private static List<String> watch(MiniCluster cluster, Path input, Path out, List<String> options, int flows,
            String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output", out.toString()));
        args.addAll(options);
        args.addAll(Arrays.asList(more));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> FlowMeterCli.run(System.out, System.err,
                args.toArray(String[]::new)));
        List<String> written;
        try {
            Await.until(flows + " flows in " + out, PATIENCE, Duration.ofMillis(200), () -> {
                if (run.isDone()) {
                    throw new AssertionError("the job ended with status " + run.get() + " (see its output above)");
                }
                return Files.isDirectory(out) && CliRun.flows(out).size() >= flows;
            }, () -> "");
            JobMetrics.ofRunningJob(REPORTER, cluster).orElseThrow().awaitMoreCheckpoints(2, PATIENCE);
            written = rows(out);
        } finally {
            UnboundedJobs.cancelRunning(cluster);
        }
        assertThat(run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("cancelling is how a watch ends").isZero();
        return written;
    }

    /**
     * Writes a capture of one UDP datagram an hour after sample-data's scan, between addresses no sample uses: read
     * last, it moves event time past the linger and the idle timeout of every flow before it; its own flow stays
     * open.
     */
    private static void anHourAfterTheScan(Path file) throws IOException {
        byte[] frame = Frames.ethernet(0x0800, Frames.ipv4("10.255.255.1", "10.255.255.2", 17, Frames.udp(40000, 9, 0)));
        CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(AN_HOUR_AFTER_THE_SCAN_SECONDS, 0, frame, frame.length).writeTo(file);
    }

    private static Path samplesDirectory() {
        try {
            return Path.of(SavepointCompatibilityTest.class.getResource("/savepoints").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties description(Path sample) throws IOException {
        Properties description = new Properties();
        try (Reader in = Files.newBufferedReader(sample.resolve(SavepointSamples.DESCRIPTION))) {
            description.load(in);
        }
        return description;
    }

    private static List<String> rows(Path out) throws IOException {
        return CliRun.flows(out).stream().map(Map::toString).sorted().collect(Collectors.toList());
    }

    /** {@code rows} (maps as text) with only {@code columns}; rows are read back by {@link CliRun#flows}. */
    private static List<String> projected(List<String> rows, List<String> columns) {
        return rows.stream().map(row -> {
            Map<String, String> kept = new java.util.TreeMap<>();
            for (String field : row.substring(1, row.length() - 1).split(", ")) {
                int eq = field.indexOf('=');
                if (columns.contains(field.substring(0, eq))) {
                    kept.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            return kept.toString();
        }).sorted().collect(Collectors.toList());
    }

    @SafeVarargs
    private static List<String> sorted(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).sorted().collect(Collectors.toList());
    }
}
