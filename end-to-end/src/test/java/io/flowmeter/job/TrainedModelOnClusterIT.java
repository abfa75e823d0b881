package io.flowmeter.job;

import io.flowmeter.job.StandaloneCluster.CommandResult;
import io.flowmeter.train.cli.TrainCli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.flowmeter.job.StandaloneClusterIT.assertSameRows;
import static io.flowmeter.job.StandaloneClusterIT.flowmeter;
import static io.flowmeter.job.StandaloneClusterIT.jar;
import static io.flowmeter.job.StandaloneClusterIT.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both job jars on a real Flink standalone cluster ({@link StandaloneClusterIT}): a model trained on the cluster
 * scores on the cluster as it does locally, and the training job refuses a detached submission. Runs after
 * {@code package} (failsafe), since it needs the job jars.
 */
class TrainedModelOnClusterIT {

    private static final Duration BOUNDED_JOB = Duration.ofMinutes(4);
    private static final Duration CLI_COMMAND = Duration.ofMinutes(2);

    @TempDir static Path dir;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aModelTrainedOnTheClusterScoresOnTheClusterAsItDoesLocally() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("training-captures"));
        Path model = dir.resolve("model");
        List<String> train = new ArrayList<>(List.of("run", "-c", TrainCli.class.getName(), jar("training")));
        train.addAll(Arrays.asList(TrainingCaptures.trainArguments(captures, model, "xgboost")));

        CommandResult training = cluster.flink(BOUNDED_JOB, train.toArray(new String[0]));
        assertThat(training.exitStatus).as("%s%s", training, cluster.logs()).isZero();
        assertThat(model.resolve("model.json")).exists();
        assertThat(model.resolve("report.html")).exists();

        Path onCluster = dir.resolve("scored-cluster");
        CommandResult scoring = cluster.flink(BOUNDED_JOB, flowmeter("--input", captures.toString(), "--output",
                onCluster.toString(), "--model", model.toString(), "--no-progress"));
        CliRun local = CliRun.of("--input", captures.toString(), "--output", dir.resolve("scored-local").toString(),
                "--model", model.toString(), "--no-progress");

        assertThat(scoring.exitStatus).as("%s%s", scoring, cluster.logs()).isZero();
        assertThat(local.exitStatus).as(local.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(onCluster);
        long malicious = flows.stream().filter(f -> f.get("label").equals("malicious")).count();
        System.out.printf("standalone cluster, xgboost: %d flows scored, %d malicious%n", flows.size(), malicious);
        assertThat(malicious).as("the scans are found").isGreaterThan(300);
        assertSameRows(rows(onCluster), rows(dir.resolve("scored-local")));
        assertSameRows(rows(onCluster.resolve("alerts")), rows(dir.resolve("scored-local").resolve("alerts")));
    }

    @Test
    void theTrainingJobRefusesADetachedSubmission() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("detached-captures"));
        List<String> train = new ArrayList<>(List.of("run", "--detached", "-c", TrainCli.class.getName(),
                jar("training")));
        train.addAll(Arrays.asList(TrainingCaptures.trainArguments(captures, dir.resolve("detached-model"), "logistic")));

        CommandResult result = cluster.flink(CLI_COMMAND, train.toArray(new String[0]));

        assertThat(result.exitStatus).as(result.toString()).isNotZero();
        assertThat(result.output).contains("submit it attached (flink run without -d)");
        assertThat(cluster.rest("/jobs/overview").get("jobs").findValuesAsText("name"))
                .noneMatch(name -> name.startsWith("FlowMeter training"));
    }
}
