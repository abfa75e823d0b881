package io.flowmeter.job;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.jobs.labels.LabelRule;
import io.flowmeter.jobs.labels.LabelRules;
import io.flowmeter.testing.SharedData;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/flowmeter --labels}: flows carry the ground truth of a rule file, as columns and in the summary. */
class GroundTruthLabelsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    /** The repository's labels of the shared captures. */
    private static final Path SHARED_LABELS = Path.of("src/test/resources/labels/shared-pcaps.labels.csv");

    @TempDir Path dir;

    private Path sampleRules() throws Exception {
        return Files.write(dir.resolve("sample.labels.csv"), List.of("label,family,address,port,protocol,start,end",
                "# curl's HTTP server on 8765 is benign; every other TCP flow on loopback is the nmap scan",
                "benign,,,8765,tcp,,", "malicious,PortScan,127.0.0.1,,tcp,,"));
    }

    @Test
    void flowsCarryTheirRulesLabelAndFamilyAndUnmatchedOnesAreDroppedAndCounted() throws Exception {
        Path out = dir.resolve("labelled");
        CliRun run = CliRun.of("--input", SharedData.sampleData().toString(), "--output", out.toString(),
                "--labels", sampleRules().toString(), "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        assertThat(CliRun.header(out)).endsWith("endReason", "communityId", "groundTruth", "attackFamily");
        Map<String, Long> labels = CliRun.flows(out).stream().collect(Collectors.groupingBy(
                f -> f.get("protocol") + " " + f.get("groundTruth") + " " + f.get("attackFamily"), TreeMap::new,
                Collectors.counting()));
        assertThat(labels).isEqualTo(Map.of("6 benign ", 6L, "6 malicious PortScan", 200L));
        assertThat(run.out).contains("labels    200 malicious, 6 benign; 6 flows matched no rule of "
                + sampleRules() + " (not written: --unlabelled drop)");
    }

    @Test
    void withTheCicSchemaTheLabelIsCicFlowMetersAndUnmatchedFlowsCanBeBenign() throws Exception {
        Path out = dir.resolve("cic");
        CliRun run = CliRun.of("--input", SharedData.sampleData().toString(), "--output", out.toString(),
                "--labels", sampleRules().toString(), "--unlabelled", "benign", "--schema", "cic", "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        assertThat(CliRun.header(out)).hasSize(90).endsWith("Label");
        Map<String, Long> labels = CliRun.flows(out).stream().collect(Collectors.groupingBy(f -> f.get("Label"),
                TreeMap::new, Collectors.counting()));
        assertThat(labels).isEqualTo(Map.of("BENIGN", 12L, "PortScan", 200L));
        assertThat(run.out).contains("labels    200 malicious, 12 benign; 6 flows matched no rule", "(labelled benign)");
    }

    @Test
    void badLabelOptionsAreUsageErrors() throws Exception {
        String sample = SharedData.sampleData().toString();
        String out = dir.resolve("o").toString();
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--labels", sampleRules().toString(),
                "--unlabelled", "keep"), "--unlabelled must be benign or drop, got keep");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--unlabelled", "benign"),
                "--unlabelled needs --labels FILE");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--labels",
                dir.resolve("none.csv").toString()), "none.csv: no such file");
        Path bad = Files.write(dir.resolve("bad.csv"), List.of("label,address", "malicious,attacker.example"));
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--labels", bad.toString()),
                "--labels: " + bad + " line 2, column address: not an IP address or CIDR network");
    }

    /**
     * The repository's labels of the shared captures give our flows the families they give tshark's conversations
     * (the same rules over the conversations of {@code *.streams.tsv}), family by family, with timeouts that never
     * fire as tshark has none; ICMP, which tshark's
     * conversations leave out, is the ping sweep's.
     */
    @Test
    void theSharedCapturesLabelsGiveEachFamilyTheFlowsTheyGiveTsharksConversations() throws Exception {
        Path shared = SharedData.sharedPcaps();
        Path out = dir.resolve("shared");
        // timeouts that never fire, as tshark has none: a flow is then a conversation
        CliRun run = CliRun.of("--input", shared.toString(), "--output", out.toString(), "--labels",
                SHARED_LABELS.toString(), "--unlabelled", "benign", "--idle-timeout", "1e9", "--active-timeout", "1e9",
                "--no-progress");
        assertThat(run.exitStatus).as(run.toString()).isZero();

        Map<String, Long> ours = CliRun.flows(out).stream().filter(f -> !f.get("protocol").equals("1"))
                .collect(Collectors.groupingBy(f -> f.get("groundTruth") + " " + f.get("attackFamily"), TreeMap::new,
                        Collectors.counting()));
        LabelRules rules = LabelRules.read(SHARED_LABELS);
        Map<String, Long> tshark = new TreeMap<>();
        for (Path capture : SharedData.sharedCaptures()) {
            for (TsharkConversation c : TsharkConversation.read(capture)) {
                LabelRule rule = rules.ruleOf(asFlow(c));
                tshark.merge(rule == null ? "benign " : rule.label() + " " + rule.family(), 1L, Long::sum);
            }
        }
        assertThat(ours.keySet()).containsAll(List.of("malicious PortScan", "malicious DDoS-SYN", "malicious RAT",
                "malicious TelnetScan", "malicious C2-Beacon", "malicious Log4Shell", "malicious Worm"));
        ours.forEach((label, flows) -> {
            if (label.startsWith("malicious")) {
                assertThat(flows).as(label).isEqualTo(tshark.get(label));
            }
        });
        assertThat(CliRun.flows(out).stream().filter(f -> f.get("protocol").equals("1"))
                .filter(f -> f.get("attackFamily").equals("PingSweep")).count()).isPositive();
    }

    /** The recordings of {@code training-data/record.sh}: their label file labels every flow, as recorded. */
    @Test
    void theTrainingRecordingsAreLabelledFlowByFlow() throws Exception {
        Path recordings = Path.of("../training-data");
        Path out = dir.resolve("recordings");
        CliRun run = CliRun.of("--input", recordings.toString(), "--output", out.toString(), "--labels",
                recordings.resolve("recordings.labels.csv").toString(), "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        assertThat(run.out).contains("0 flows matched no rule");
        Map<String, Long> families = CliRun.flows(out).stream().collect(Collectors.groupingBy(
                f -> f.get("groundTruth") + " " + f.get("attackFamily"), TreeMap::new, Collectors.counting()));
        // the scan probes 1000 ports and the flood sends 1500 SYNs from as many random sources (record.sh)
        assertThat(families).containsEntry("malicious PortScan", 1000L).containsEntry("malicious DoS-SYN-Flood", 1500L)
                .containsKeys("benign ", "malicious SSH-BruteForce", "malicious DoS-Slowloris");
    }

    private static FlowRecord asFlow(TsharkConversation c) {
        FlowRecord f = new FlowRecord();
        f.srcIp = c.addressA.getHostAddress();
        f.srcPort = c.portA;
        f.dstIp = c.addressB.getHostAddress();
        f.dstPort = c.portB;
        f.protocol = c.protocol;
        f.flowStartNs = c.firstMicros.multiply(BigDecimal.valueOf(1000)).longValue();
        return f;
    }
}
