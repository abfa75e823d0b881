package io.flowmeter.train.stage;

import io.flowmeter.model.stage.XGBoostModelData;
import io.flowmeter.model.stage.XGBoostClassifierModel;
import io.flowmeter.model.stage.StageTables;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.ml.api.Estimator;
import org.apache.flink.ml.common.param.HasLearningRate;
import org.apache.flink.ml.common.param.HasSeed;
import org.apache.flink.ml.param.IntParam;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient-boosted trees with XGBoost4J, as a Flink ML estimator. XGBoost4J trains in one JVM (with all its
 * threads), so the rows are gathered in one task; the booster is saved in XGBoost's JSON format.
 */
public final class XGBoostClassifier implements Estimator<XGBoostClassifier, XGBoostClassifierModel>,
        ClassifierParams<XGBoostClassifier>, HasLearningRate<XGBoostClassifier>, HasSeed<XGBoostClassifier> {

    public static final Param<Integer> NUM_ROUNDS =
            new IntParam("numRounds", "Boosting rounds (trees).", 200, ParamValidators.gt(0));
    public static final Param<Integer> MAX_DEPTH =
            new IntParam("maxDepth", "Largest depth of a tree.", 6, ParamValidators.gt(0));
    public static final Param<Integer> NUM_THREADS = new IntParam("numThreads",
            "Threads XGBoost trains with; 0 for one per core.", 0, ParamValidators.gtEq(0));

    private final Map<Param<?>, Object> paramMap = new HashMap<>();

    public XGBoostClassifier() {
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
        setLearningRate(0.1);
        set(HasSeed.SEED, 7L);
    }

    @Override
    public XGBoostClassifierModel fit(Table... inputs) {
        StreamTableEnvironment tEnv = StageTables.environmentOf(inputs[0]);
        int rounds = get(NUM_ROUNDS);
        boolean balanced = BALANCED.equals(getClassWeight());
        HashMap<String, Object> frozen = boosterSettings();
        DataStream<XGBoostModelData> modelData = LabeledVector.of(inputs[0], getFeaturesCol(), getLabelCol())
                .transform("XGBoost training", TypeInformation.of(XGBoostModelData.class),
                        new EndOfInputOperator<LabeledVector, XGBoostModelData>(
                                rows -> train(rows, frozen, rounds, balanced)))
                .setParallelism(1);
        XGBoostClassifierModel model = new XGBoostClassifierModel().setModelData(tEnv.fromDataStream(modelData));
        model.setFeaturesCol(getFeaturesCol()).setPredictionCol(getPredictionCol())
                .setRawPredictionCol(getRawPredictionCol());
        return model;
    }

    /** XGBoost's parameters for this estimator's settings (the class weight apart). */
    HashMap<String, Object> boosterSettings() {
        HashMap<String, Object> settings = new HashMap<>();
        settings.put("objective", "binary:logistic");
        settings.put("tree_method", "hist");
        settings.put("max_depth", get(MAX_DEPTH));
        settings.put("eta", getLearningRate());
        settings.put("seed", getSeed());
        int threads = get(NUM_THREADS);
        settings.put("nthread", threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        return settings;
    }

    static XGBoostModelData train(List<LabeledVector> rows, Map<String, Object> settings, int rounds,
            boolean balanced) {
        rows.sort(LabeledVector.BY_CONTENT);
        int d = rows.get(0).features.length;
        float[] values = new float[rows.size() * d];
        float[] labels = new float[rows.size()];
        long positives = 0;
        for (int i = 0; i < rows.size(); i++) {
            double[] features = rows.get(i).features;
            for (int j = 0; j < d; j++) {
                values[i * d + j] = (float) features[j];
            }
            labels[i] = (float) rows.get(i).label;
            positives += labels[i] > 0.5 ? 1 : 0;
        }
        Map<String, Object> parameters = new HashMap<>(settings);
        if (balanced && positives > 0 && positives < rows.size()) {
            parameters.put("scale_pos_weight", (rows.size() - positives) / (double) positives);
        }
        try {
            DMatrix matrix = new DMatrix(values, rows.size(), d, Float.NaN);
            matrix.setLabel(labels);
            Booster booster = XGBoost.train(matrix, parameters, rounds, new HashMap<>(), null, null);
            byte[] model = booster.toByteArray("json");
            booster.dispose();
            matrix.dispose();
            return new XGBoostModelData(model);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path);
    }

    public static XGBoostClassifier load(StreamTableEnvironment tEnv, String path) throws IOException {
        return ReadWriteUtils.loadStageParam(path);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }
}
