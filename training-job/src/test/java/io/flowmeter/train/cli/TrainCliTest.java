package io.flowmeter.train.cli;

import io.flowmeter.model.ModelManifest;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/flowmeter-train} in-process on a MiniCluster, on a generated labelled flow table. */
class TrainCliTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir Path dir;

    /** Flows of two kinds that differ in size and duration; 1 in 4 is an attack. */
    private Path table() throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("Flow ID,Flow Duration,Packet Length Mean,Total Fwd Packets,Label\n");
        for (int i = 0; i < 3000; i++) {
            boolean attack = random.nextInt(4) == 0;
            double duration = Math.abs(random.nextGaussian() * 1e5 + (attack ? 2e4 : 3e5));
            double size = Math.abs(random.nextGaussian() * 100 + (attack ? 80 : 400));
            int packets = 1 + random.nextInt(attack ? 3 : 30);
            csv.append(String.format(Locale.ROOT, "f%d,%.1f,%.2f,%d,%s%n", i, duration, size, packets,
                    attack ? "PortScan" : "BENIGN"));
        }
        return Files.writeString(dir.resolve("flows.csv"), csv.toString());
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new String[] {String.valueOf(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "xgboost"})
    void trainsEvaluatesAndWritesModelMetricsAndReport(String modelType) throws Exception {
        Path model = dir.resolve("model");

        String[] run = run("--flows", table().toString(), "--label-column", "Label", "--benign-value", "benign",
                "--output", model.toString(), "--model-type", modelType, "--rounds", "40");

        assertThat(run[0]).as(run[1] + run[2]).isEqualTo("0");
        JsonNode metrics = ModelManifest.json().readTree(model.resolve("metrics.json").toFile());
        for (String key : new String[] {"rocAuc", "prAuc", "precision", "recall", "falsePositiveRate", "f1",
                "threshold", "flaggedFlowShare"}) {
            assertThat(metrics.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(metrics.has("flaggedByteShare")).as("no byte columns in this table").isFalse();
        assertThat(metrics.get("confusionMatrix").get("truePositives").asLong()).isPositive();
        assertThat(metrics.get("rocAuc").asDouble()).isGreaterThan(0.95);

        ModelManifest manifest = ModelManifest.read(model);
        assertThat(manifest.modelType).isEqualTo(modelType);
        assertThat(manifest.featureColumns).containsExactly("Flow Duration", "Packet Length Mean", "Total Fwd Packets");
        assertThat(manifest.scaler.mean).hasSize(3);
        assertThat(manifest.trainingInputs.get(0).sha256).hasSize(64);
        assertThat(manifest.threshold).isEqualTo(metrics.get("threshold").asDouble());
        assertThat(Files.isDirectory(model.resolve("pipeline").resolve("stages").resolve("2"))).isTrue();

        String html = Files.readString(model.resolve("report.html"));
        Matcher images = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (images.find()) {
            BufferedImage image = ImageIO.read(model.resolve(images.group(1)).toFile());
            assertThat(image).as(images.group(1) + " is a PNG image").isNotNull();
            assertThat(image.getWidth()).isEqualTo(720);
            count++;
        }
        assertThat(count).as("ROC, ROC on a log scale, precision-recall, reliability, confusion matrix and 3 feature"
                + " profiles").isEqualTo(8);
    }

    @Test
    void unusableArgumentsExitWithStatusTwo() throws Exception {
        String table = table().toString();
        String out = dir.resolve("m").toString();

        assertThat(run("--flows", table, "--output", out)[2]).contains("--flows needs --label-column NAME");
        assertThat(run("--output", out)[2]).contains("give either --flows");
        assertThat(run("--flows", table, "--label-column", "Label", "--output", out, "--model-type", "forest")[2])
                .contains("--model-type must be logistic or xgboost");
        assertThat(run("--flows", table, "--label-column", "label", "--output", out)[2])
                .contains("label column 'label' is not in");
        assertThat(run("--flows", table, "--label-column", "Label", "--output", out, "--target-fpr", "2")[0])
                .isEqualTo("2");
        assertThat(run("--benign", table, "--output", out)[2]).contains("need both --benign and --malicious");
    }
}
