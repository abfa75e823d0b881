package io.flowmeter.job;

import io.flowmeter.feature.FeatureConfig;
import io.flowmeter.feature.FeatureRegistry;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.testing.SharedData;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --features} and {@code --schema} on the command line: the extended set's columns, CICFlowMeter's header as
 * the CIC-IDS2017 CSVs have it, the same flows whatever the set, and clear errors for options that do not fit.
 */
class FeatureSetsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir Path dir;

    @Test
    void theExtendedSetAddsItsColumnsAndTheFirstPacketsToFlowMetersAndKeepsTheFlows() throws Exception {
        String sample = SharedData.sampleData().toString();
        CliRun plain = CliRun.of("--input", sample, "--output", dir.resolve("plain").toString(), "--no-progress");
        CliRun extended = CliRun.of("--input", sample, "--output", dir.resolve("extended").toString(), "--no-progress",
                "--features", "extended", "--first-packets", "3");

        assertThat(extended.exitStatus).as(extended.toString()).isZero();
        List<String> expected = new ArrayList<>(CliRun.header(dir.resolve("plain")));
        List<String> added = new ArrayList<>();
        for (String plugin : List.of("tcp-flags", "header-payload", "windows", "ratios", "activity", "bulks",
                "subflows")) {
            FeatureRegistry.create(plugin, FeatureConfig.defaults()).columns().stream()
                    .filter(column -> !column.isAuxiliary()).forEach(column -> added.add(column.name()));
        }
        for (String series : List.of("Size", "Gap", "Direction")) {
            for (int i = 1; i <= 3; i++) {
                added.add("firstPacket" + series + i);
            }
        }
        expected.addAll(expected.indexOf("flowStartNs"), added);
        assertThat(CliRun.header(dir.resolve("extended"))).isEqualTo(expected);
        // The FlowMeter columns of each flow are those of a plain run.
        List<String> flowMeterColumns = CliRun.header(dir.resolve("plain"));
        assertThat(rows(dir.resolve("extended"), flowMeterColumns)).isEqualTo(rows(dir.resolve("plain"), flowMeterColumns));
        Map<String, String> curl = CliRun.flows(dir.resolve("extended")).stream()
                .filter(f -> f.get("endReason").equals("fin")).findFirst().orElseThrow();
        assertThat(curl.get("fwdSynFlags")).isEqualTo("1");
        assertThat(curl.get("firstPacketDirection1")).isEqualTo("1");
        assertThat(curl.get("firstPacketDirection2")).isEqualTo("-1");
        assertThat(curl.get("firstPacketGap1")).isEqualTo("0");
        assertThat(Integer.parseInt(curl.get("firstPacketSize1"))).isBetween(
                Integer.parseInt(curl.get(FlowFeature.fwdPacketSizeMin.name())),
                Integer.parseInt(curl.get(FlowFeature.fwdPacketSizeMax.name())));
    }

    @Test
    void theCicSchemaWritesTheHeaderOfTheCicIds2017Csvs() throws Exception {
        Path cic = SharedData.sharedFlows().resolve("cicids2017_improved_rnd_2500");
        List<String> datasetHeader;
        try (Stream<Path> files = Files.list(cic)) {
            List<List<String>> headers = files.filter(f -> f.toString().endsWith(".csv")).map(FeatureSetsTest::header)
                    .distinct().collect(Collectors.toList());
            assertThat(headers).as("one header in all the dataset's files").hasSize(1);
            datasetHeader = new ArrayList<>(headers.get(0));
        }
        datasetHeader.removeAll(List.of("Label", "Attempted Category"));

        CliRun run = CliRun.of("--input", SharedData.sampleData().toString(), "--output", dir.resolve("cic").toString(),
                "--no-progress", "--schema", "cic");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        assertThat(CliRun.header(dir.resolve("cic"))).isEqualTo(datasetHeader).hasSize(89);
        Map<String, String> curl = CliRun.flows(dir.resolve("cic")).stream()
                .filter(f -> f.get("Dst Port").equals("8765")).findFirst().orElseThrow();
        assertThat(curl.get("Flow ID")).isEqualTo("127.0.0.1-127.0.0.1-" + curl.get("Src Port") + "-8765-6");
        assertThat(curl.get("Timestamp")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(curl.get("ICMP Type")).isEqualTo("-1");
        assertThat(Long.parseLong(curl.get("FWD Init Win Bytes"))).isPositive();
    }

    @Test
    void optionsThatDoNotFitAreUsageErrors() {
        String sample = SharedData.sampleData().toString();
        String out = dir.resolve("o").toString();
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--features", "all"),
                "--features must be flowmeter, extended or cic, got all");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--schema", "zeek"),
                "--schema must be flowmeter or cic, got zeek");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--schema", "cic", "--features", "extended"),
                "--schema cic writes CICFlowMeter's columns, not the extended set's");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--features", "extended", "--first-packets",
                "300"), "--first-packets must be 0 to 255, got 300");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--features", "extended",
                "--activity-timeout", "0"), "--activity-timeout");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--first-packets", "5"),
                "--first-packets goes with --features extended");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--activity-timeout", "2"),
                "--activity-timeout goes with --features extended or cic");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--format", "avro"),
                "--format must be csv, parquet or json, got avro");
        CliRun.assertUsageError(CliRun.of("--input", sample, "--output", out, "--schema", "cic",
                "--early-verdict-packets", "5"), "CICFlowMeter's columns have none");
    }

    private static List<String> rows(Path out, List<String> columns) throws Exception {
        return CliRun.flows(out).stream().map(f -> columns.stream().map(f::get).collect(Collectors.joining(",")))
                .sorted().collect(Collectors.toList());
    }

    private static List<String> header(Path csv) {
        try (Stream<String> lines = Files.lines(csv)) {
            return Arrays.asList(lines.findFirst().orElseThrow().split(",", -1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
