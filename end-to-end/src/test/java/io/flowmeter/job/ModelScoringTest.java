package io.flowmeter.job;

import io.flowmeter.train.cli.TrainCli;
import io.flowmeter.model.ModelManifest;
import io.flowmeter.model.SavedPipeline;
import io.flowmeter.model.stage.XGBoostModelData;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelServable;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.servable.api.DataFrame;
import org.apache.flink.ml.servable.api.Row;
import org.apache.flink.ml.servable.types.BasicType;
import org.apache.flink.ml.servable.types.DataTypes;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Train on captures, save, and score in {@code bin/flowmeter --model} on a MiniCluster: the probabilities in the
 * flow CSV equal those of the same model loaded in a plain JVM (Flink ML's logistic servable, or the XGBoost
 * booster), and the alerts hold exactly the flows labelled malicious.
 */
class ModelScoringTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir Path dir;

    private Path train(Path captures, String modelType) {
        Path model = dir.resolve("model-" + modelType);
        assertThat(TrainCli.run(System.out, System.err, TrainingCaptures.trainArguments(captures, model, modelType)))
                .isZero();
        return model;
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "xgboost"})
    void flowmeterScoresWithTheSavedModelAsAPlainJvmDoes(String modelType) throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = train(captures, modelType);
        Path out = dir.resolve("out-" + modelType);

        CliRun run = CliRun.of("--input", captures.toString(), "--output", out.toString(), "--model", model.toString(),
                "--no-progress");

        assertThat(run.exitStatus).as(run.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(out);
        assertThat(flows).hasSize(3 * (40 + 20 + 150));
        ModelManifest manifest = ModelManifest.read(model);
        double[] expected = plainJvmProbabilities(model, manifest, flows);
        for (int i = 0; i < flows.size(); i++) {
            double probability = Double.parseDouble(flows.get(i).get("probability"));
            assertThat(probability).as(flows.get(i).get("fiveTuple")).isEqualTo(expected[i]);
            assertThat(flows.get(i).get("label")).isEqualTo(probability >= manifest.threshold ? "malicious" : "benign");
        }
        List<String> malicious = flows.stream().filter(f -> f.get("label").equals("malicious"))
                .map(f -> f.get("fiveTuple") + f.get("flowStartNs")).sorted().collect(Collectors.toList());
        List<String> alerts = CliRun.flows(out.resolve("alerts")).stream()
                .map(f -> f.get("fiveTuple") + f.get("flowStartNs")).sorted().collect(Collectors.toList());
        assertThat(alerts).isEqualTo(malicious);
        assertThat(malicious).as("the scans are found").hasSizeGreaterThan(300);
        assertThat(run.out).contains("flagged   " + malicious.size() + " of 630 flows");
    }

    @Test
    void earlyVerdictsScoreLongFlowsBeforeTheyEndAndLeaveTheFinalVerdictsAsTheyWere() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = train(captures, "logistic");
        CliRun plain = CliRun.of("--input", captures.toString(), "--output", dir.resolve("plain").toString(), "--model",
                model.toString(), "--no-progress");
        CliRun early = CliRun.of("--input", captures.toString(), "--output", dir.resolve("early").toString(), "--model",
                model.toString(), "--early-verdict-packets", "8", "--no-progress");

        assertThat(early.exitStatus).as(early.toString()).isZero();
        List<Map<String, String>> rows = CliRun.flows(dir.resolve("early"));
        List<Map<String, String>> partial = rows.stream().filter(f -> f.get("endReason").equals("partial"))
                .collect(Collectors.toList());
        List<String> finals = rows.stream().filter(f -> !f.get("endReason").equals("partial")).map(Map::toString)
                .sorted().collect(Collectors.toList());
        assertThat(finals).isEqualTo(CliRun.flows(dir.resolve("plain")).stream().map(Map::toString).sorted()
                .collect(Collectors.toList()));
        // Every web session has at least 10 packets; the DNS exchanges and scan probes have 2.
        assertThat(partial).hasSize(3 * 40).allSatisfy(f -> assertThat(f.get("flowLength")).isEqualTo("8"));
        ModelManifest manifest = ModelManifest.read(model);
        double[] expected = plainJvmProbabilities(model, manifest, partial);
        for (int i = 0; i < partial.size(); i++) {
            assertThat(Double.parseDouble(partial.get(i).get("probability"))).isEqualTo(expected[i]);
        }
        List<String> finalIds = rows.stream().filter(f -> !f.get("endReason").equals("partial"))
                .map(f -> f.get("fiveTuple") + f.get("flowStartNs")).collect(Collectors.toList());
        assertThat(finalIds).containsAll(partial.stream().map(f -> f.get("fiveTuple") + f.get("flowStartNs"))
                .collect(Collectors.toList()));
        assertThat(early.out).contains("120 early records (endReason partial) of flows still open")
                .contains(plain.out.substring(plain.out.indexOf("flagged"), plain.out.indexOf(" of 630 flows")));
    }

    private static double[] plainJvmProbabilities(Path model, ModelManifest manifest, List<Map<String, String>> flows)
            throws Exception {
        List<double[]> scaled = new ArrayList<>();
        boolean logistic = manifest.modelType.equals("logistic");
        for (Map<String, String> flow : flows) {
            double[] values = new double[manifest.featureColumns.size() + (logistic ? 1 : 0)];
            for (int j = 0; j < manifest.featureColumns.size(); j++) {
                double x = Double.parseDouble(flow.get(manifest.featureColumns.get(j)));
                double std = manifest.scaler.std.get(j);
                values[j] = (x - manifest.scaler.mean.get(j)) / (std > 0 ? std : 1.0);
            }
            if (logistic) {
                values[values.length - 1] = 1.0;
            }
            scaled.add(values);
        }
        Path pipeline = model.resolve(manifest.pipeline);
        double[] probabilities = new double[flows.size()];
        if (logistic) {
            LogisticRegressionModelServable servable = LogisticRegressionModelServable.load(
                    SavedPipeline.stage(pipeline, SavedPipeline.CLASSIFIER_STAGE).toString());
            List<Row> rows = new ArrayList<>();
            for (double[] values : scaled) {
                rows.add(new Row(new ArrayList<>(List.of(new DenseVector(values)))));
            }
            DataFrame frame = servable.transform(new DataFrame(new ArrayList<>(List.of(servable.getFeaturesCol())),
                    new ArrayList<>(List.of(DataTypes.VECTOR(BasicType.DOUBLE))), rows));
            int column = frame.getIndex(servable.getRawPredictionCol());
            List<Row> out = frame.collect();
            for (int i = 0; i < out.size(); i++) {
                probabilities[i] = ((DenseVector) out.get(i).get(column)).values[1];
            }
        } else {
            Booster booster = SavedPipeline.booster(pipeline);
            for (int i = 0; i < scaled.size(); i++) {
                probabilities[i] = XGBoostModelData.probability(booster, scaled.get(i));
            }
            booster.dispose();
        }
        return probabilities;
    }

    /**
     * A model on columns of the extended set and of the TTL plugin, trained from captures: the flow job computes
     * them whatever it writes, and where it writes them, its probabilities are the plain JVM's.
     */
    @Test
    void aModelOnAnyRegisteredColumnsIsTrainedFromCapturesAndScoresAnyFeatureSet() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = dir.resolve("model");
        List<String> args = new ArrayList<>(List.of(TrainingCaptures.trainArguments(captures, model, "logistic")));
        args.addAll(List.of("--feature-columns", "fwdSynFlags,bwdRstFlags,fwdTtlMax,bwdPayloadTotal,flowDuration"));
        assertThat(TrainCli.run(System.out, System.err, args.toArray(new String[0]))).isZero();
        assertThat(ModelManifest.read(model).featureColumns)
                .containsExactly("fwdSynFlags", "bwdRstFlags", "fwdTtlMax", "bwdPayloadTotal", "flowDuration");

        CliRun written = CliRun.of("--input", captures.toString(), "--output", dir.resolve("written").toString(),
                "--model", model.toString(), "--features", "extended,ip-ttl", "--no-progress");
        CliRun plain = CliRun.of("--input", captures.toString(), "--output", dir.resolve("plain").toString(),
                "--model", model.toString(), "--no-progress");

        assertThat(written.exitStatus).as(written.toString()).isZero();
        assertThat(plain.exitStatus).as(plain.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(dir.resolve("written"));
        double[] expected = plainJvmProbabilities(model, ModelManifest.read(model), flows);
        for (int i = 0; i < flows.size(); i++) {
            assertThat(Double.parseDouble(flows.get(i).get("probability"))).isEqualTo(expected[i]);
        }
        // the columns a verdict was made on are written beside it, whatever the feature set
        assertThat(CliRun.header(dir.resolve("plain"))).contains("fwdSynFlags", "fwdTtlMax", "bwdPayloadTotal")
                .doesNotContain("activeMean", "firstPacketSize1");
        assertThat(probabilities(dir.resolve("plain"))).isEqualTo(probabilities(dir.resolve("written")));
        assertThat(flows.stream().filter(f -> f.get("label").equals("malicious")).count()).isGreaterThan(300);
    }

    /**
     * A model trained on flow tables with CICFlowMeter's column names scores the flows the job writes with
     * {@code --schema cic}, as a plain JVM does, and flows of FlowMeter's set the same way.
     */
    @Test
    void aModelTrainedOnCicFlowMeterTablesScoresFlowsWrittenWithSchemaCic() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        List<String> table = new ArrayList<>();
        for (String kind : List.of("benign", "scan")) {
            List<String> inputs = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                inputs.add(captures.resolve(kind + "-" + i + ".pcap").toString());
            }
            Path out = dir.resolve("cic-" + kind);
            List<String> args = new ArrayList<>(List.of("--input"));
            args.addAll(inputs);
            args.addAll(List.of("--output", out.toString(), "--schema", "cic", "--no-progress"));
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertThat(run.exitStatus).as(run.toString()).isZero();
            List<String> header = CliRun.header(out);
            if (table.isEmpty()) {
                table.add(String.join(",", header) + ",Label");
            }
            for (Map<String, String> flow : CliRun.flows(out)) {
                table.add(header.stream().map(flow::get).collect(Collectors.joining(","))
                        + (kind.equals("benign") ? ",BENIGN" : ",PortScan"));
            }
        }
        Path tables = Files.createDirectories(dir.resolve("tables"));
        Files.write(tables.resolve("cic.csv"), table);
        Path model = dir.resolve("cic-model");
        assertThat(TrainCli.run(System.out, System.err, "--flows", tables.toString(), "--label-column", "Label",
                "--benign-value", "BENIGN", "--feature-columns",
                "Flow Duration,Total Fwd Packet,Total Bwd packets,SYN Flag Count,RST Flag Count,Flow Packets/s",
                "--output", model.toString(), "--model-type", "logistic")).isZero();

        CliRun cic = CliRun.of("--input", captures.toString(), "--output", dir.resolve("scored-cic").toString(),
                "--schema", "cic", "--model", model.toString(), "--no-progress");
        CliRun plain = CliRun.of("--input", captures.toString(), "--output", dir.resolve("scored").toString(),
                "--model", model.toString(), "--no-progress");

        assertThat(cic.exitStatus).as(cic.toString()).isZero();
        assertThat(plain.exitStatus).as(plain.toString()).isZero();
        List<Map<String, String>> flows = CliRun.flows(dir.resolve("scored-cic"));
        double[] expected = plainJvmProbabilities(model, ModelManifest.read(model), flows);
        for (int i = 0; i < flows.size(); i++) {
            assertThat(Double.parseDouble(flows.get(i).get("probability"))).as(flows.get(i).get("Flow ID"))
                    .isEqualTo(expected[i]);
        }
        assertThat(flows.stream().filter(f -> f.get("label").equals("malicious")).count()).isGreaterThan(300);
        assertThat(probabilities(dir.resolve("scored"))).isEqualTo(probabilities(dir.resolve("scored-cic")));
    }

    @Test
    void aModelReadingColumnsNoPluginWritesIsRefusedNamingThem() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = train(captures, "logistic");
        Path manifest = model.resolve("model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"flowDuration\"", "\"Flow Age\""));

        CliRun run = CliRun.of("--input", captures.toString(), "--output", dir.resolve("o").toString(), "--model",
                model.toString());

        assertThat(run.exitStatus).isEqualTo(2);
        assertThat(run.err).contains("reads columns no feature plugin writes [Flow Age]");
    }

    /** The sorted probabilities of a scored run. */
    private static List<String> probabilities(Path out) throws Exception {
        return CliRun.flows(out).stream().map(f -> f.get("probability")).sorted().collect(Collectors.toList());
    }

    @Test
    void aModelNamingAForeignStageClassIsRefused() throws Exception {
        Path captures = TrainingCaptures.write(dir.resolve("captures"));
        Path model = train(captures, "logistic");
        Path metadata = model.resolve("pipeline").resolve("stages").resolve("0").resolve("metadata");
        Files.writeString(metadata, Files.readString(metadata)
                .replace("io.flowmeter.model.stage.FeatureAssembler", "java.lang.ProcessBuilder"));

        CliRun run = CliRun.of("--input", captures.toString(), "--output", dir.resolve("o").toString(), "--model",
                model.toString());

        assertThat(run.exitStatus).isEqualTo(2);
        assertThat(run.err).contains("names stage class \"java.lang.ProcessBuilder\"")
                .contains("refusing to load it");
    }

    @Test
    void aDirectoryThatIsNotAModelIsAUsageError() throws Exception {
        CliRun run = CliRun.of("--input", TrainingCaptures.write(dir.resolve("captures")).toString(), "--output", dir.resolve("o").toString(), "--model",
                dir.toString());

        assertThat(run.exitStatus).isEqualTo(2);
        assertThat(run.err).contains("is not a FlowMeter model: it has no model.json");
    }
}
