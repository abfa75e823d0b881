package io.flowmeter.job;

import io.flowmeter.testing.SharedData;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --max-flows} on the shared SYN flood (37,841 spoofed SYNs, nearly every one a new tuple): the flow table
 * holds at most the limit, every packet beyond it comes out as a one-packet evicted flow, and no packet is lost.
 */
class MaxFlowsTest {

    private static final int FLOOD_PACKETS = 37_841;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir Path dir;

    @Test
    void aSynFloodFillsTheTableToItsLimitAndEveryOtherPacketIsAnEvictedFlow() throws Exception {
        Path flood = SharedData.sharedPcaps().resolve("stopddos__synflood_spoofed.pcap");
        Path out = dir.resolve("flows");

        CliRun run = CliRun.of("--input", flood.toString(), "--output", out.toString(), "--max-flows", "10000",
                "--parallelism", "2", "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(out);
        long packets = flows.stream().mapToLong(f -> Long.parseLong(f.get("flowLength"))).sum();
        long evicted = flows.stream().filter(f -> f.get("endReason").equals("evicted")).count();
        long admitted = flows.size() - evicted;
        System.out.printf("SYN flood with --max-flows 10000: %d flows, %d admitted, %d evicted%n", flows.size(),
                admitted, evicted);
        assertThat(packets).as("every packet is in exactly one flow").isEqualTo(FLOOD_PACKETS);
        assertThat(admitted).as("at most the limit, 5,000 per subtask, were ever open").isLessThanOrEqualTo(10_000)
                .isGreaterThan(9_000);
        assertThat(flows).filteredOn(f -> f.get("endReason").equals("evicted"))
                .allSatisfy(f -> assertThat(f.get("flowLength")).isEqualTo("1"));
        assertThat(run.out).contains(String.format("evicted %,d", evicted));
    }
}
