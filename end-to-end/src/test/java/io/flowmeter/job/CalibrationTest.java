package io.flowmeter.job;

import io.flowmeter.model.ModelManifest;
import io.flowmeter.train.cli.TrainCli;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/flowmeter-train calibrate}: a site whose scanner's sweeps are part of normal operation calibrates the
 * model on them, and the flow job then flags at most the target share of those flows.
 */
class CalibrationTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir Path dir;

    @Test
    void theThresholdFlagsAtMostTheTargetShareOfTheSitesBenignFlows() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = dir.resolve("model");
        assertThat(TrainCli.run(System.out, System.err, TrainingCaptures.trainArguments(captures, model, "logistic")))
                .isZero();
        String site1 = captures.resolve("scan-1.pcap").toString();
        String site2 = captures.resolve("scan-2.pcap").toString();
        double trained = ModelManifest.read(model).threshold;
        assertThat(flagged(model, site1, site2)).as("flagged before calibration").isGreaterThan(0.5);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TrainCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "calibrate",
                "--model", model.toString(), "--benign", site1, site2, "--target-fpr", "0.1");

        assertThat(status).isZero();
        ModelManifest calibrated = ModelManifest.read(model);
        assertThat(calibrated.threshold).isGreaterThan(trained);
        assertThat(calibrated.thresholdChosenBy).startsWith("calibrate on ").contains("at most 0.1 of 300 benign flows");
        assertThat(calibrated.trainingInputs).filteredOn(input -> input.role.equals("capture, benign, site calibration"))
                .extracting(input -> Path.of(input.path).getFileName().toString())
                .containsExactly("scan-1.pcap", "scan-2.pcap");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(String.format(java.util.Locale.ROOT,
                "threshold %.6f (was %.6f)", calibrated.threshold, trained));
        assertThat(flagged(model, site1, site2)).as("flagged after calibration").isLessThanOrEqualTo(0.1);
    }

    @Test
    void aTargetOutOfRangeIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainCli.run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), "calibrate",
                "--model", dir.toString(), "--benign", dir.toString(), "--target-fpr", "1.5");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--target-fpr must be between 0 and 1, got 1.5");
    }

    /** The share of the flows of {@code captures} that bin/flowmeter with {@code model} flags. */
    private double flagged(Path model, String... captures) throws Exception {
        Path out = dir.resolve("scored-" + System.nanoTime());
        List<String> args = new java.util.ArrayList<>(List.of("--input"));
        args.addAll(List.of(captures));
        args.addAll(List.of("--output", out.toString(), "--model", model.toString(), "--no-progress"));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertThat(run.exitStatus).as(run.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(out);
        assertThat(flows).hasSize(300);
        return flows.stream().filter(f -> f.get("label").equals("malicious")).count() / (double) flows.size();
    }
}
