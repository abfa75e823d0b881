package io.flowmeter.job;

import io.flowmeter.testing.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code --features extended,host-context} on the recordings of real tools: every flow gets its hosts' behaviour,
 * the same at any parallelism, and a scan and a flood show as what they are.
 */
class HostContextTest {

    @TempDir Path dir;

    private List<Map<String, String>> run(int parallelism) throws Exception {
        Path out = dir.resolve("p" + parallelism);
        CliRun run = CliRun.of("--input", SharedData.trainingData().toString(), "--output", out.toString(),
                "--features", "extended,host-context", "--parallelism", String.valueOf(parallelism), "--no-progress");
        assertThat(run.exitStatus).as(run.toString()).isZero();
        return CliRun.flows(out);
    }

    private static List<String> sorted(List<Map<String, String>> flows) {
        return flows.stream().map(Map::toString).sorted().collect(Collectors.toList());
    }

    @Test
    void theContextIsTheSameAtParallelism1_2And4() throws Exception {
        List<Map<String, String>> p1 = run(1);
        assertThat(p1).hasSize(2895);
        assertThat(p1.get(0)).containsKeys("srcHostFlowsPerSecond1s", "dstHostDistinctPeers60s",
                "srcHostStartIntervalCv");
        assertThat(p1).allSatisfy(f -> assertThat(f.get("srcHostFlowsPerSecond60s")).isNotEqualTo("NaN"));
        List<String> expected = sorted(p1);
        assertThat(sorted(run(2))).containsExactlyElementsOf(expected);
        assertThat(sorted(run(4))).containsExactlyElementsOf(expected);
    }

    @Test
    void theScannerFansOutToAThousandRefusedPortsAndTheFloodVictimToSpoofedSources() throws Exception {
        List<Map<String, String>> flows = run(2);
        Map<String, String> lastOfScan = last(flows, "127.0.0.2");
        assertThat(value(lastOfScan, "srcHostDistinctPorts60s")).as("nmap -p 1-1000").isCloseTo(1000.0,
                within(50.0));
        // the scanner (127.0.0.1) ran the benign sessions seconds before: they count a little in its damped share
        assertThat(value(lastOfScan, "srcHostRefusedShare")).isBetween(0.95, 1.0);
        Map<String, String> lastOfFlood = last(flows, "127.0.0.4");
        assertThat(value(lastOfFlood, "dstHostDistinctPeers60s")).as("hping3 --rand-source -c 1500")
                .isCloseTo(1500.0, within(75.0));
        assertThat(value(lastOfFlood, "dstHostUnansweredShare")).isCloseTo(1.0, within(1e-9));
        assertThat(value(lastOfFlood, "srcHostFlowsPerSecond1s")).as("each spoofed source sent one SYN")
                .isLessThan(1.01);
    }

    private static Map<String, String> last(List<Map<String, String>> flows, String destination) {
        return flows.stream().filter(f -> f.get("dstIP").equals(destination))
                .max(Comparator.comparingLong(f -> Long.parseLong(f.get("flowStartNs")))).orElseThrow();
    }

    private static double value(Map<String, String> flow, String column) {
        return Double.parseDouble(flow.get(column));
    }
}
