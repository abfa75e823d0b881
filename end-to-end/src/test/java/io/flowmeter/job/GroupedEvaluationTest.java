package io.flowmeter.job;

import io.flowmeter.model.ModelManifest;
import io.flowmeter.train.cli.TrainCli;
import io.flowmeter.train.data.CaptureInput;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/flowmeter-train} with its defaults on captures labelled by rules: a leave-one-capture-out evaluation
 * with per-capture and per-family rows, the same metrics from a second run, and a model that {@code bin/flowmeter}
 * scores with the host context it needs.
 */
class GroupedEvaluationTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir Path dir;

    private Path captures;
    private Path labels;

    @org.junit.jupiter.api.BeforeEach
    void write() throws Exception {
        captures = TrainingCaptures.write(dir.resolve("captures"));
        // the scans come from 192.168.N.66 (the third network's is a SYN flood's worth of them); the rest is benign
        labels = Files.write(dir.resolve("labels.csv"), List.of("label,family,address,port,protocol,start,end",
                "malicious,PortScan,192.168.1.0/24,,tcp,,", "malicious,PortScan,192.168.2.0/24,,tcp,,",
                "malicious,SweepScan,192.168.3.0/24,,tcp,,"));
    }

    private String[] train(Path model, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--captures", captures.toString(), "--labels",
                labels.toString(), "--unlabelled", "benign", "--output", model.toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        return printed;
    }

    @Test
    void theDefaultsLeaveEachCaptureOutAndGiveTheSameMetricsTwice() throws Exception {
        Path model = dir.resolve("model");
        String printed = run(train(model));

        assertThat(printed).contains("leave-one-capture-out: 630 flows (450 malicious)")
                .contains("scored by models that never saw their capture").contains("family PortScan")
                .contains("malicious captures without a flagged host:");
        ModelManifest manifest = ModelManifest.read(model);
        assertThat(manifest.modelType).isEqualTo("logistic");
        assertThat(manifest.featureColumns).isEqualTo(CaptureInput.DEFAULT_FEATURES);
        assertThat(manifest.thresholdChosenBy).contains("95% confidence").contains("scored out of group");
        JsonNode metrics = ModelManifest.json().readTree(model.resolve("metrics.json").toFile());
        assertThat(metrics.get("evaluation").asText()).isEqualTo("leave-one-capture-out");
        assertThat(metrics.get("groups")).hasSize(6);
        assertThat(metrics.get("families")).extracting(f -> f.get("family").asText())
                .containsExactly("PortScan", "SweepScan");
        assertThat(metrics.get("flows").asLong()).isEqualTo(630);
        assertThat(metrics.get("rocAuc").asDouble()).isGreaterThan(0.99);
        assertThat(metrics.get("maliciousCapturesWithoutFlaggedHost")).isEmpty();
        assertThat(metrics.has("hostRecall")).isTrue();
        assertThat(metrics.get("recallAtFpr0.001").has("recallLow95")).isTrue();
        assertThat(Files.readString(model.resolve("report.html"))).contains("Per attack family")
                .contains("Per capture, scored by the model that never saw it").contains("roc-log.png")
                .contains("reliability.png");
        assertThat(model.resolve("roc-log.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(model.resolve("evaluation-scores.csv"))).hasSize(630 + 1);

        Path again = dir.resolve("again");
        run(train(again));
        assertThat(Files.readString(again.resolve("metrics.json"))).isEqualTo(
                Files.readString(model.resolve("metrics.json")));
        assertThat(Files.readString(again.resolve("evaluation-scores.csv"))).isEqualTo(
                Files.readString(model.resolve("evaluation-scores.csv")));

        CliRun scored = CliRun.of("--input", captures.toString(), "--output", dir.resolve("scored").toString(),
                "--model", model.toString(), "--labels", labels.toString(), "--unlabelled", "benign", "--no-progress");
        assertThat(scored.exitStatus).as(scored.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(dir.resolve("scored"));
        assertThat(flows).hasSize(630).allSatisfy(f -> assertThat(f).containsKeys("dstHostDistinctPeers60s",
                "connState", "probability"));
        assertThat(flows).filteredOn(f -> f.get("groundTruth").equals("malicious")).hasSize(450)
                .allMatch(f -> f.get("label").equals("malicious"));
    }

    @Test
    void leaveOneFamilyOutAndTheSplitEvaluationStillRun() throws Exception {
        String byFamily = run(train(dir.resolve("family"), "--group-by", "family"));
        assertThat(byFamily).contains("leave-one-family-out");
        JsonNode metrics = ModelManifest.json().readTree(dir.resolve("family").resolve("metrics.json").toFile());
        assertThat(metrics.get("groups")).extracting(g -> g.get("family").asText())
                .containsExactly("PortScan", "SweepScan");

        String split = run(train(dir.resolve("split"), "--evaluation", "split", "--model-type", "xgboost",
                "--rounds", "20"));
        assertThat(split).contains("test flows");
        assertThat(ModelManifest.json().readTree(dir.resolve("split").resolve("metrics.json").toFile())
                .get("evaluation").asText()).isEqualTo("split");
    }
}
