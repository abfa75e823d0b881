package io.flowmeter.model;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.model.stage.SavedStages;
import io.flowmeter.model.stage.ScalerModelData;
import io.flowmeter.model.stage.WeightedLogisticRegressionModel;
import io.flowmeter.model.stage.XGBoostModelData;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Models written by earlier builds (src/test/resources/models/README.md) load and score as they did. */
class SavedModelsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1)
                    .build());

    private static final FlowSettings SETTINGS =
            new FlowSettings(Duration.ofSeconds(120), Duration.ofSeconds(1800), 0);

    @Test
    void aLogisticModelOfCommitA89d6d6ScoresWithItsOwnCoefficients() throws Exception {
        Path directory = model("56ca4e6-logistic");
        Path pipeline = directory.resolve("pipeline");
        ScalerModelData scaler = SavedPipeline.scaler(pipeline);
        double[] coefficients = SavedPipeline.logisticCoefficients(pipeline);

        List<ScoredFlow> scored = score(directory);

        assertThat(scored).hasSize(3);
        for (ScoredFlow flow : scored) {
            double[] scaled = scaler.scale(modelValues(directory, flow), true).values;
            double dot = 0;
            for (int i = 0; i < scaled.length; i++) {
                dot += scaled[i] * coefficients[i];
            }
            assertThat(flow.probability).isCloseTo(WeightedLogisticRegressionModel.probability(dot), within(1e-9));
        }
    }

    @Test
    void anXgboostModelOfCommitA89d6d6ScoresWithItsOwnBooster() throws Exception {
        Path directory = model("56ca4e6-xgboost");
        Path pipeline = directory.resolve("pipeline");
        ScalerModelData scaler = SavedPipeline.scaler(pipeline);
        Booster booster = SavedPipeline.booster(pipeline);

        List<ScoredFlow> scored = score(directory);

        assertThat(scored).hasSize(3);
        for (ScoredFlow flow : scored) {
            double expected = XGBoostModelData.probability(booster, scaler.scale(modelValues(directory, flow), false).values);
            assertThat(flow.probability).isCloseTo(expected, within(1e-6));
        }
        booster.dispose();
    }

    @Test
    void aSavedStageNamingAnotherClassIsRefused(@TempDir Path copy) throws Exception {
        Path pipeline = model("56ca4e6-logistic").resolve("pipeline");
        try (Stream<Path> files = Files.walk(pipeline)) {
            for (Path file : files.collect(Collectors.toList())) {
                Path target = copy.resolve(pipeline.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path metadata = copy.resolve("stages/1/metadata");
        Files.writeString(metadata, Files.readString(metadata)
                .replace("io.flowmeter.train.stage.StandardScalerModel", "org.example.Anything"));

        assertThatThrownBy(() -> SavedStages.check(copy)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names stage class \"org.example.Anything\", which is not one of this project's");
    }

    /** The values of the model's columns, in its order, as the job gives them to the pipeline. */
    private static double[] modelValues(Path directory, ScoredFlow flow) throws Exception {
        FlowModel model = FlowModel.load(directory, SETTINGS.featureConfig());
        FlowSettings settings = SETTINGS.withExtraColumns(model.featureColumns());
        double[] values = new double[model.featureColumns().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = flow.flow.values[settings.layout().indexOf(model.featureColumns().get(i))];
        }
        return values;
    }

    private static List<ScoredFlow> score(Path directory) throws Exception {
        FlowModel model = FlowModel.load(directory, SETTINGS.featureConfig());
        FlowSettings settings = SETTINGS.withExtraColumns(model.featureColumns());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<FlowRecord> flows = env.fromCollection(flows(settings.layout().columns().size()), TypeInformation.of(FlowRecord.class));
        List<ScoredFlow> scored = new ArrayList<>();
        try (CloseableIterator<ScoredFlow> results =
                model.score(env, flows, model.threshold(), settings.layout()).executeAndCollect()) {
            results.forEachRemaining(scored::add);
        }
        scored.sort(Comparator.comparingInt(flow -> flow.flow.srcPort));
        return scored;
    }

    /** A short exchange, a scan probe and a long transfer, with made-up values in every column. */
    private static List<FlowRecord> flows(int columns) {
        List<FlowRecord> flows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FlowRecord flow = new FlowRecord();
            flow.srcIp = "10.0.0." + (i + 1);
            flow.dstIp = "10.0.1.1";
            flow.protocol = 6;
            flow.srcPort = 40000 + i;
            flow.dstPort = 80;
            flow.endReason = "idle";
            flow.values = new double[columns];
            for (int c = 0; c < columns; c++) {
                flow.values[c] = (c + 1) * Math.pow(10, i) * (i == 1 ? 0.01 : 1);
            }
            flows.add(flow);
        }
        return flows;
    }

    private static Path model(String name) throws URISyntaxException {
        return Path.of(SavedModelsTest.class.getResource("/models/" + name).toURI());
    }
}
