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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/flowmeter-train --captures ... --labels FILE}: captures whose flows take their labels from rules. */
class LabelledTrainingTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir Path dir;

    @Test
    void capturesLabelledByRulesTrainAModelAndTheLabelsAreCounted() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        // the scans come from 192.168.N.66; the DNS exchanges are benign; the web sessions match no rule
        Path labels = Files.write(dir.resolve("labels.csv"), List.of("label,family,address,port,protocol,start,end",
                "malicious,PortScan,192.168.0.0/16,,tcp,,", "benign,,,53,udp,,"));
        Path model = dir.resolve("model");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = TrainCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "--captures", captures.toString(), "--labels",
                labels.toString(), "--output", model.toString(), "--model-type", "logistic");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("labels 450 malicious, 60 benign; 120 flows matched no rule of " + labels
                + " (left out: --unlabelled drop)");
        assertThat(ModelManifest.read(model).trainingInputs).hasSize(6)
                .allMatch(input -> input.role.startsWith("capture, labelled by " + labels));

        CliRun scored = CliRun.of("--input", captures.toString(), "--output", dir.resolve("scored").toString(),
                "--model", model.toString(), "--labels", labels.toString(), "--no-progress");
        assertThat(scored.exitStatus).as(scored.toString()).isZero();
        assertThat(CliRun.flows(dir.resolve("scored")))
                .filteredOn(f -> f.get("attackFamily").equals("PortScan")).hasSize(450)
                .allMatch(f -> f.get("label").equals("malicious"));
    }

    @Test
    void labelsAndCapturesGoTogether() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        int status = TrainCli.run(quiet, new PrintStream(err, true, StandardCharsets.UTF_8), "--captures",
                captures.toString(), "--output", dir.resolve("m").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--captures needs --labels FILE");
    }
}
