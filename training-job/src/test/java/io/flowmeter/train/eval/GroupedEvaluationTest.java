package io.flowmeter.train.eval;

import io.flowmeter.train.stage.ClassifierSettings;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupedEvaluationTest {

    private static final ClassifierSettings LOGISTIC = new ClassifierSettings(true, 0, 1e-4, false);
    private static final ClassifierSettings XGBOOST = new ClassifierSettings(false, 20, 1e-4, false);

    /** Benign flows near 0, malicious near 4 in both features; capture "odd" is malicious but looks benign. */
    private static List<GroupedEvaluation.Example> examples() {
        Random random = new Random(1);
        List<GroupedEvaluation.Example> examples = new ArrayList<>();
        for (String capture : List.of("/c/benign-a.pcap", "/c/benign-b.pcap", "/c/benign-c.pcap")) {
            for (int i = 0; i < 60; i++) {
                examples.add(new GroupedEvaluation.Example(new double[] {random.nextGaussian(), random.nextGaussian()},
                        false, 100, capture, "", "10.0.0." + i % 5));
            }
        }
        for (String capture : List.of("/c/scan-a.pcap", "/c/scan-b.pcap")) {
            for (int i = 0; i < 40; i++) {
                examples.add(new GroupedEvaluation.Example(new double[] {4 + random.nextGaussian(),
                        4 + random.nextGaussian()}, true, 60, capture, "PortScan", "192.168.0." + (capture.length() + i % 2)));
            }
        }
        for (int i = 0; i < 10; i++) {
            examples.add(new GroupedEvaluation.Example(new double[] {random.nextGaussian(), random.nextGaussian()},
                    true, 500, "/c/odd.pcap", "Stealthy", "172.16.0.9"));
        }
        return examples;
    }

    private static GroupedEvaluation run(GroupedEvaluation.GroupBy by, ClassifierSettings settings) {
        return GroupedEvaluation.run(examples(), by, settings, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    @Test
    void everyFlowIsScoredByAModelThatNeverSawItsCapture() {
        // XGBoost would learn the odd capture's flows by heart if they were in its training rows
        GroupedEvaluation evaluation = run(GroupedEvaluation.GroupBy.CAPTURE, XGBOOST);
        double[] scores = evaluation.scores();
        List<GroupedEvaluation.Example> examples = examples();
        for (int i = 0; i < scores.length; i++) {
            if (examples.get(i).source.equals("/c/odd.pcap")) {
                assertThat(scores[i]).as("a malicious flow like no other group's").isLessThan(0.5);
            }
        }
        assertThat(evaluation.pooled().rocAuc()).as("the odd capture stays unseen").isGreaterThan(0.8).isLessThan(0.95);
    }

    @Test
    void groupsFamiliesAndHostsAreCountedAtTheThreshold() {
        GroupedEvaluation evaluation = run(GroupedEvaluation.GroupBy.CAPTURE, LOGISTIC);
        double threshold = 0.5;
        List<Map<String, Object>> groups = evaluation.byGroup(threshold);
        assertThat(groups).extracting(g -> g.get("capture")).containsExactly("benign-a.pcap", "benign-b.pcap",
                "benign-c.pcap", "odd.pcap", "scan-a.pcap", "scan-b.pcap");
        Map<String, Object> scanA = groups.get(4);
        assertThat(scanA.get("maliciousFlows")).isEqualTo(40L);
        assertThat(scanA.get("flaggedMalicious")).isEqualTo(40L);
        assertThat(scanA.get("maliciousHosts")).isEqualTo(2L);
        assertThat(groups.get(0).get("recall")).as("no malicious flows, no recall").isNull();
        assertThat(evaluation.byFamily(threshold)).extracting(f -> f.get("family"))
                .containsExactly("PortScan", "Stealthy");
        assertThat(evaluation.capturesWithoutFlaggedHost(threshold)).containsExactly("odd.pcap");
        Map<String, Object> hosts = evaluation.hostRecall(threshold);
        assertThat(hosts.get("maliciousHosts")).isEqualTo(5L);
        assertThat(hosts.get("caughtHosts")).isEqualTo(4L);
    }

    @Test
    void byFamilyAFoldHoldsOutAFamilyWithTheBenignFlowsOfItsCaptures() {
        List<GroupedEvaluation.Example> examples = new ArrayList<>(examples());
        examples.add(new GroupedEvaluation.Example(new double[] {0, 0}, false, 1, "/c/odd.pcap", "", "172.16.0.1"));
        String[] groups = GroupedEvaluation.assignGroups(examples, GroupedEvaluation.GroupBy.FAMILY);
        assertThat(groups[groups.length - 1]).as("benign background of the Stealthy capture").isEqualTo("Stealthy");
        // benign-only captures dealt in turn, in name order
        assertThat(groups[0]).isEqualTo("PortScan");
        assertThat(groups[60]).isEqualTo("Stealthy");
        assertThat(groups[120]).isEqualTo("PortScan");
    }

    @Test
    void theSameFlowsGiveTheSameScoresAndTheScoresFileListsThem() throws Exception {
        GroupedEvaluation first = run(GroupedEvaluation.GroupBy.CAPTURE, XGBOOST);
        assertThat(run(GroupedEvaluation.GroupBy.CAPTURE, XGBOOST).scores()).containsExactly(first.scores());
        Path file = Files.createTempFile("scores", ".csv");
        first.writeScores(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("capture,family,host,malicious,probability");
        assertThat(lines).hasSize(examples().size() + 1);
        assertThat(lines.get(lines.size() - 1)).startsWith("odd.pcap,Stealthy,172.16.0.9,1,");
        Files.delete(file);
    }

    @Test
    void oneGroupOrAGroupWhoseRestHasOneClassIsRefused() {
        List<GroupedEvaluation.Example> one = new ArrayList<>();
        one.add(new GroupedEvaluation.Example(new double[] {0}, false, 1, "/c/a.pcap", "", "h"));
        one.add(new GroupedEvaluation.Example(new double[] {1}, true, 1, "/c/a.pcap", "X", "h"));
        assertThatThrownBy(() -> GroupedEvaluation.run(one, GroupedEvaluation.GroupBy.CAPTURE, LOGISTIC, System.err))
                .hasMessageContaining("at least two capture groups");
        List<GroupedEvaluation.Example> oneSided = new ArrayList<>(one);
        oneSided.add(new GroupedEvaluation.Example(new double[] {1}, true, 1, "/c/b.pcap", "X", "h"));
        assertThatThrownBy(() -> GroupedEvaluation.run(oneSided, GroupedEvaluation.GroupBy.CAPTURE, LOGISTIC,
                System.err)).hasMessageContaining("only one class");
    }
}
