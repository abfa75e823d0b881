package io.flowmeter.train.stage;

import io.flowmeter.model.stage.XGBoostModelData;
import io.flowmeter.model.stage.StageTables;
import io.flowmeter.model.stage.ScalerModelData;
import io.flowmeter.model.stage.FeatureAssembler;
import io.flowmeter.train.eval.BinaryMetrics;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.api.Stage;
import org.apache.flink.ml.builder.Pipeline;
import org.apache.flink.ml.builder.PipelineModel;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelServable;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.servable.api.DataFrame;
import org.apache.flink.ml.servable.types.DataTypes;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The stages as one Flink ML pipeline: fit, transform, save, load, and the same probabilities outside Flink. */
class PipelineSaveLoadTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String[] FEATURES = {"size", "gap", "rate"};

    @TempDir Path dir;

    /** Malicious rows have larger sizes and shorter gaps; the rate is noise. 1 in 5 rows is malicious. */
    private static List<Row> rows(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean malicious = random.nextInt(5) == 0;
            double size = 500 + random.nextGaussian() * 200 + (malicious ? 300 : 0);
            double gap = Math.abs(1e5 + random.nextGaussian() * 4e4 - (malicious ? 6e4 : 0));
            Row row = Row.withNames();
            row.setField("size", size);
            row.setField("gap", gap);
            row.setField("rate", random.nextDouble());
            row.setField("label", malicious ? 1.0 : 0.0);
            rows.add(row);
        }
        return rows;
    }

    private static Table table(StreamTableEnvironment tEnv, List<Row> rows) {
        RowTypeInfo type = new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation<?>[] {
            Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE}, new String[] {"size", "gap", "rate", "label"});
        List<Row> positional = rows.stream().map(r -> Row.of(r.getField("size"), r.getField("gap"),
                r.getField("rate"), r.getField("label"))).collect(Collectors.toList());
        return tEnv.fromDataStream(tEnv.toDataStream(tEnv.fromValues(positional)).map(r -> r, type));
    }

    private static List<Stage<?>> stages(Stage<?> classifier) {
        List<Stage<?>> stages = new ArrayList<>();
        stages.add(new FeatureAssembler().setInputCols(FEATURES).setOutputCol("features"));
        stages.add(new StandardScaler().setInputCol("features").setOutputCol("scaled").setAppendConstant(true));
        stages.add(classifier);
        return stages;
    }

    private static double[] probabilities(Table predictions) throws Exception {
        List<Double> out = new ArrayList<>();
        StreamTableEnvironment tEnv = StageTables.environmentOf(predictions);
        try (CloseableIterator<Row> it = tEnv.toDataStream(predictions).executeAndCollect()) {
            List<Row> rows = new ArrayList<>();
            it.forEachRemaining(rows::add);
            rows.sort((a, b) -> Double.compare((Double) a.getField("size"), (Double) b.getField("size")));
            rows.forEach(r -> out.add(((DenseVector) r.getField("rawPrediction")).values[1]));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static StreamTableEnvironment tEnv() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return StreamTableEnvironment.create(env);
    }

    @Test
    void logisticPipelineSavesLoadsAndServesTheSameProbabilities() throws Exception {
        StreamTableEnvironment tEnv = tEnv();
        List<Row> test = rows(300, 2);
        PipelineModel model = new Pipeline(stages(new WeightedLogisticRegression().setFeaturesCol("scaled")))
                .fit(table(tEnv, rows(4000, 1)));
        String path = dir.resolve("pipeline").toString();
        model.save(path);
        // One execution trains, saves and predicts: a fitted model's data is computed, not stored.
        double[] fitted = probabilities(model.transform(table(tEnv, test))[0]);
        StreamTableEnvironment other = tEnv();
        double[] loaded = probabilities(PipelineModel.load(other, path).transform(table(other, test))[0]);

        assertThat(loaded).containsExactly(fitted);
        assertThat(rocAuc(fitted, test)).isGreaterThan(0.9);

        // The classifier stage alone, loaded without Flink, on the scaled features Flink computed.
        LogisticRegressionModelServable servable = LogisticRegressionModelServable.load(path + "/stages/2");
        List<Row> sorted = new ArrayList<>(test);
        sorted.sort((a, b) -> Double.compare((Double) a.getField("size"), (Double) b.getField("size")));
        ScalerModelData scaler = scalerData(path);
        List<org.apache.flink.ml.servable.api.Row> servableRows = new ArrayList<>();
        for (Row r : sorted) {
            double[] raw = {(Double) r.getField("size"), (Double) r.getField("gap"), (Double) r.getField("rate")};
            // The servable appends its outputs to each row and to the frame: mutable lists.
            servableRows.add(new org.apache.flink.ml.servable.api.Row(new ArrayList<>(List.of(scaler.scale(raw, true)))));
        }
        DataFrame frame = servable.transform(new DataFrame(new ArrayList<>(List.of("scaled")),
                new ArrayList<>(List.of(DataTypes.VECTOR(org.apache.flink.ml.servable.types.BasicType.DOUBLE))),
                servableRows));
        int raw = frame.getIndex("rawPrediction");
        double[] served = frame.collect().stream().mapToDouble(r -> ((DenseVector) r.get(raw)).values[1]).toArray();
        assertThat(served).containsExactly(fitted);
    }

    @Test
    void xgboostPipelineSavesLoadsAndMatchesTheBoosterOutsideFlink() throws Exception {
        StreamTableEnvironment tEnv = tEnv();
        List<Row> test = rows(300, 4);
        XGBoostClassifier xgb = new XGBoostClassifier().setFeaturesCol("scaled");
        xgb.set(XGBoostClassifier.NUM_ROUNDS, 30);
        PipelineModel model = new Pipeline(stages(xgb)).fit(table(tEnv, rows(4000, 3)));
        String path = dir.resolve("xgb").toString();
        model.save(path);
        double[] fitted = probabilities(model.transform(table(tEnv, test))[0]);
        StreamTableEnvironment other = tEnv();
        double[] loaded = probabilities(PipelineModel.load(other, path).transform(table(other, test))[0]);

        assertThat(loaded).containsExactly(fitted);
        assertThat(rocAuc(fitted, test)).isGreaterThan(0.9);

        Booster booster;
        try (InputStream in = new FileInputStream(onlyFile(Path.of(path, "stages", "2", "data")).toFile())) {
            booster = XGBoostModelData.decode(in).load();
        }
        ScalerModelData scaler = scalerData(path);
        List<Row> sorted = new ArrayList<>(test);
        sorted.sort((a, b) -> Double.compare((Double) a.getField("size"), (Double) b.getField("size")));
        for (int i = 0; i < sorted.size(); i++) {
            Row r = sorted.get(i);
            double[] raw = {(Double) r.getField("size"), (Double) r.getField("gap"), (Double) r.getField("rate")};
            assertThat(XGBoostModelData.probability(booster, scaler.scale(raw, true).values)).isEqualTo(fitted[i]);
        }
    }

    private static ScalerModelData scalerData(String pipeline) throws Exception {
        try (InputStream in = new FileInputStream(onlyFile(Path.of(pipeline, "stages", "1", "data")).toFile())) {
            return ScalerModelData.decode(in);
        }
    }

    private static Path onlyFile(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.collect(Collectors.toList());
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static double rocAuc(double[] probabilities, List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Double.compare((Double) a.getField("size"), (Double) b.getField("size")));
        boolean[] malicious = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            malicious[i] = (Double) sorted.get(i).getField("label") > 0.5;
        }
        return new BinaryMetrics(probabilities, malicious, null).rocAuc();
    }
}
