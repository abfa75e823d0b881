package io.flowmeter.job;

import io.flowmeter.model.ModelManifest;
import io.flowmeter.testing.SharedData;
import io.flowmeter.train.cli.TrainCli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation of issue 16's acceptance: {@code bin/flowmeter-train} with its default settings, leave one capture
 * out over the labelled captures of {@code ../shared/pcaps} (their MANIFEST's benign and malicious ones, labelled by
 * {@code shared-pcaps.labels.csv}) and the project's recordings ({@code training-data/}). Prints the per-family
 * rows; skips without {@code ../shared}.
 */
class SharedCapturesEvaluationTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    private static final Path SHARED_LABELS = Path.of("../flowmeter-job/src/test/resources/labels/shared-pcaps.labels.csv");

    @TempDir Path dir;

    /** The captures the MANIFEST labels benign or malicious (its summary table), not the unknown ones. */
    static List<Path> labelledCaptures(Path pcaps) throws IOException {
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\|.*\\| (benign|malicious|unknown) \\|$");
        List<Path> captures = new ArrayList<>();
        for (String line : Files.readAllLines(pcaps.resolve("MANIFEST.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches() && !m.group(2).equals("unknown")) {
                captures.add(pcaps.resolve(m.group(1)));
            }
        }
        return captures;
    }

    @Test
    void leaveOneCaptureOutWithTheDefaults() throws Exception {
        Path pcaps = SharedData.sharedPcaps();
        List<Path> captures = labelledCaptures(pcaps);
        assertThat(captures).hasSize(37);
        List<String> args = new ArrayList<>(List.of("--captures"));
        captures.forEach(c -> args.add(c.toString()));
        args.add(SharedData.trainingData().toString());
        args.addAll(List.of("--labels", SHARED_LABELS.toString(),
                SharedData.trainingData().resolve("recordings.labels.csv").toString(), "--unlabelled", "benign",
                "--output", dir.resolve("model").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = TrainCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                args.toArray(new String[0]));

        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(status).isZero();
        JsonNode metrics = ModelManifest.json().readTree(dir.resolve("model").resolve("metrics.json").toFile());
        assertThat(metrics.get("evaluation").asText()).isEqualTo("leave-one-capture-out");
        assertThat(metrics.get("groups")).hasSize(46);
        assertThat(metrics.get("rocAuc").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(metrics.get("recallAtFpr0.01").get("recall").asDouble()).isGreaterThanOrEqualTo(0.90);
        assertThat(metrics.get("falsePositiveRate").asDouble()).as("at the deployed threshold")
                .isLessThanOrEqualTo(0.01);
        // Not reached yet (issue 16): a flagged host in every malicious capture; the run prints which have none.
    }
}
