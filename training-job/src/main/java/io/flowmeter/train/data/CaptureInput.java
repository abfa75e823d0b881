package io.flowmeter.train.data;

import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.jobs.labels.GroundTruth;
import io.flowmeter.jobs.labels.LabelledFlows;
import io.flowmeter.pcap.source.CaptureDiscovery;

import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Captures labelled by input (benign or malicious), turned into flows by the same pipeline as
 * {@code bin/flowmeter}. The split is by capture file: a seeded shuffle of each label's files puts whole files on
 * the test, calibration and training sides, so that no capture feeds two of them.
 */
public final class CaptureInput {

    /**
     * The features a model trained on captures gets by default: what the hosts did, not what their network looks
     * like. Packet and header sizes, TTLs, windows and timings tell the capture's link type, MTU and operating
     * systems as much as the traffic's intent, and a model trained on them learns the captures; leave one capture
     * out, this set (with logistic regression) beat FlowMeter's 39 features, the extended set and sets with sizes
     * (docs/training.md has the comparison).
     */
    public static final List<String> DEFAULT_FEATURES = List.of(
            "flowDuration", "flowLength", "fwdFlowLength", "bwdFlowLength",
            "fwdSynFlags", "bwdSynFlags", "fwdRstFlags", "bwdRstFlags", "fwdFinFlags", "bwdFinFlags",
            "fwdPshFlags", "bwdPshFlags", "fwdDataPackets", "bwdDataPackets",
            "connStateCode", "handshake", "responderPayload",
            "srcHostFlowsPerSecond1s", "srcHostFlowsPerSecond10s", "srcHostFlowsPerSecond60s",
            "srcHostDistinctPeers60s", "srcHostDistinctPorts60s", "srcHostUnansweredShare", "srcHostRefusedShare",
            "srcHostResetShare", "srcHostBytesSentPerSecond", "srcHostBytesReceivedPerSecond",
            "srcHostStartIntervalCv",
            "dstHostFlowsPerSecond1s", "dstHostFlowsPerSecond10s", "dstHostFlowsPerSecond60s",
            "dstHostDistinctPeers60s", "dstHostDistinctPorts60s", "dstHostUnansweredShare", "dstHostRefusedShare",
            "dstHostResetShare", "dstHostBytesSentPerSecond", "dstHostBytesReceivedPerSecond",
            "dstHostStartIntervalCv");

    private final Map<Path, Boolean> maliciousByFile;
    private final Map<Path, Integer> splitByFile = new LinkedHashMap<>();
    /** Labels by rule, for {@link #labelled} captures; null when the files are labelled by input. */
    @Nullable private final GroundTruth truth;

    private CaptureInput(Map<Path, Boolean> maliciousByFile, @Nullable GroundTruth truth) {
        this.maliciousByFile = maliciousByFile;
        this.truth = truth;
    }

    /** The capture files of the benign and malicious inputs, as {@code bin/flowmeter} would read them. */
    public static CaptureInput of(List<Path> benign, List<Path> malicious) {
        Map<Path, Boolean> files = new LinkedHashMap<>();
        for (Path file : expand(benign)) {
            files.put(file, false);
        }
        for (Path file : expand(malicious)) {
            if (files.containsKey(file)) {
                throw new IllegalArgumentException(file + " is given as both benign and malicious");
            }
            files.put(file, true);
        }
        return new CaptureInput(files, null);
    }

    /**
     * The capture files of {@code captures}, whose flows take their labels from {@code truth}'s rules (flows no rule
     * matches are dropped or benign, as it says). The split shuffles all files together: a file holds both labels.
     */
    public static CaptureInput labelled(List<Path> captures, GroundTruth truth) {
        Map<Path, Boolean> files = new LinkedHashMap<>();
        for (Path file : expand(captures)) {
            files.put(file, false);
        }
        return new CaptureInput(files, truth);
    }

    static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new IllegalArgumentException(input + ": input not found");
            }
            for (Path file : CaptureDiscovery.captures(List.of(input))) {
                files.add(file.toAbsolutePath().normalize());
            }
        }
        return files;
    }

    /**
     * Assigns whole files to sides, per label: {@code testFraction} of them to test (at least one when a label
     * has two or more files), then {@code calibrationFraction} of the rest to calibration (likewise).
     */
    public CaptureInput split(SeededSplit split) {
        for (boolean malicious : new boolean[] {false, true}) {
            List<Path> files = maliciousByFile.entrySet().stream().filter(e -> e.getValue() == malicious)
                    .map(Map.Entry::getKey).sorted().collect(Collectors.toList());
            Collections.shuffle(files, new Random(split.seed() + (malicious ? 1 : 0)));
            int test = files.size() < 2 ? 0 : Math.max(1, (int) Math.round(split.testFraction() * files.size()));
            int rest = files.size() - test;
            int calibration = rest < 2 ? 0 : Math.max(1, (int) Math.round(split.calibrationFraction() * rest));
            for (int i = 0; i < files.size(); i++) {
                splitByFile.put(files.get(i), i < test ? TrainingRows.TEST
                        : i < test + calibration ? TrainingRows.CALIBRATION : TrainingRows.TRAIN);
            }
        }
        return this;
    }

    /**
     * Flows of every capture, labelled and assigned to the side of their file, with the values of {@code features}
     * (columns of {@code settings}' layout: {@link FlowSettings#withExtraColumns}).
     */
    public DataStream<Row> rows(StreamExecutionEnvironment env, FlowSettings settings, Duration outOfOrderness,
            List<String> features) {
        RowTypeInfo type = TrainingRows.type(features);
        int[] indexes = new int[features.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = settings.layout().indexOf(features.get(i));
            if (indexes[i] < 0) {
                throw new IllegalArgumentException("no feature plugin of these settings writes column " + features.get(i));
            }
        }
        DataStream<Row> all = null;
        int index = 0;
        for (Map.Entry<Path, Boolean> entry : maliciousByFile.entrySet()) {
            org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(entry.getKey().toUri());
            double label = entry.getValue() ? 1.0 : 0.0;
            int side = splitByFile.getOrDefault(entry.getKey(), TrainingRows.TRAIN);
            String source = entry.getKey().toString();
            DataStream<FlowRecord> flows = CaptureFlows.flows(env, List.of(path), Set.of(path), settings,
                    outOfOrderness, CaptureFlows.Layout.SHARDED, "capture-" + index++ + "-");
            SingleOutputStreamOperator<Row> rows;
            String family = entry.getValue() ? entry.getKey().getFileName().toString() : "";
            if (truth == null) {
                rows = flows.map(flow -> row(flow, indexes, label, side, source, family), type);
            } else {
                GroundTruth rules = truth;
                rows = flows.filter(new LabelledFlows(rules)).name("ground-truth labels")
                        .map(flow -> row(flow, indexes, rules.label(flow).equals("malicious") ? 1.0 : 0.0, side,
                                source, rules.family(flow)), type);
            }
            rows = rows.name("label flows of " + entry.getKey().getFileName());
            all = all == null ? rows : all.union(rows);
        }
        if (all == null) {
            throw new IllegalArgumentException("no capture files in the --benign and --malicious inputs");
        }
        return all;
    }

    static Row row(FlowRecord flow, int[] indexes, double label, int side, String source, String family) {
        Row row = TrainingRows.row(indexes.length, label, flow.get(FlowFeature.packetSizeTotal), side, source,
                label > 0.5 ? family : "", flow.srcIp);
        for (int i = 0; i < indexes.length; i++) {
            double value = flow.values[indexes[i]];
            row.setField(i, Double.isFinite(value) ? value : 0.0);
        }
        return row;
    }

    /** Each capture file with its label and side, for the manifest and the report. */
    public Map<Path, String> describe() {
        Map<Path, String> described = new LinkedHashMap<>();
        maliciousByFile.forEach((file, malicious) -> described.put(file,
                (truth != null ? "labelled by " + truth.rules().file() : malicious ? "malicious" : "benign") + ", "
                + TrainingRows.splitName(splitByFile.getOrDefault(file, TrainingRows.TRAIN))));
        return described;
    }

    public Map<Path, Boolean> files() {
        return maliciousByFile;
    }
}
