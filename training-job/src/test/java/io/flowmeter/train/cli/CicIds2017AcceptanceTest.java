package io.flowmeter.train.cli;

import io.flowmeter.model.ModelManifest;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default model on the CIC-IDS2017 sample of {@code ../shared/flows} (CICFlowMeter columns, benign against
 * every attack), on a seeded 30% test split: ROC-AUC at least 0.99, at most 1% of benign test flows flagged at
 * the deployed threshold, at least 98% of attack flows flagged at the test set's own 1% point, and the same
 * metrics to the last digit from a second run.
 */
class CicIds2017AcceptanceTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir Path dir;

    @Test
    void defaultModelMeetsTheBar() throws Exception {
        Path samples = Path.of(System.getProperty("flowmeter.shared.dir", "../../shared"), "flows",
                "cicids2017_improved_rnd_2500");
        Assumptions.assumeTrue(Files.isDirectory(samples), "../shared/flows is absent (fresh clone): skipped");
        List<String> args = new ArrayList<>(List.of("--flows"));
        try (Stream<Path> files = Files.list(samples)) {
            args.addAll(files.filter(f -> f.toString().endsWith(".csv")).sorted().map(Path::toString)
                    .collect(Collectors.toList()));
        }
        args.addAll(List.of("--label-column", "Label", "--benign-value", "BENIGN", "--test-fraction", "0.3",
                "--seed", "42"));

        Path first = train(args, dir.resolve("model"));
        Path second = train(args, dir.resolve("again"));

        JsonNode metrics = ModelManifest.json().readTree(first.toFile());
        assertThat(Files.readString(second)).as("a second run's metrics").isEqualTo(Files.readString(first));
        assertThat(metrics.get("falsePositiveRate").asDouble()).as("at the deployed threshold")
                .isLessThanOrEqualTo(0.01);
        assertThat(metrics.get("modelType").asText()).isEqualTo("xgboost");
        assertThat(metrics.get("rocAuc").asDouble()).isGreaterThanOrEqualTo(0.99);
        JsonNode point = metrics.get("recallAtTargetFpr");
        assertThat(point.get("falsePositiveRate").asDouble()).isLessThanOrEqualTo(0.01);
        assertThat(point.get("recall").asDouble()).isGreaterThanOrEqualTo(0.98);
    }

    private static Path train(List<String> args, Path model) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--output", model.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TrainCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                all.toArray(new String[0]));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        assertThat(status).isZero();
        return model.resolve("metrics.json");
    }
}
