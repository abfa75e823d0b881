package io.flowmeter.train.stage;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.ml.api.Model;
import org.apache.flink.ml.common.param.HasFeaturesCol;
import org.apache.flink.ml.common.param.HasPredictionCol;
import org.apache.flink.ml.common.param.HasRawPredictionCol;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** A trained XGBoost booster as a Flink ML model: appends {@code prediction} and {@code rawPrediction}. */
public final class XGBoostClassifierModel implements Model<XGBoostClassifierModel>,
        HasFeaturesCol<XGBoostClassifierModel>, HasPredictionCol<XGBoostClassifierModel>,
        HasRawPredictionCol<XGBoostClassifierModel> {

    private final Map<Param<?>, Object> paramMap = new HashMap<>();
    private Table modelData;

    public XGBoostClassifierModel() {
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
    }

    @Override
    public XGBoostClassifierModel setModelData(Table... inputs) {
        modelData = inputs[0];
        return this;
    }

    @Override
    public Table[] getModelData() {
        return new Table[] {modelData};
    }

    @Override
    public Table[] transform(Table... inputs) {
        return new Table[] {Classifiers.predict(inputs[0], modelDataStream(modelData), getFeaturesCol(),
                getPredictionCol(), getRawPredictionCol(), data -> {
                    Booster booster = data.load();
                    return features -> XGBoostModelData.probability(booster, features);
                }, "XGBoost")};
    }

    static SingleOutputStreamOperator<XGBoostModelData> modelDataStream(Table modelData) {
        return StageTables.modelData(modelData, XGBoostModelData.class,
                row -> new XGBoostModelData((byte[]) row.getField("booster")));
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path);
        ReadWriteUtils.saveModelData(
                modelDataStream(modelData).setParallelism(1),
                path, new XGBoostModelData.ModelEncoder());
    }

    public static XGBoostClassifierModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        XGBoostClassifierModel model = ReadWriteUtils.loadStageParam(path);
        return model.setModelData(ReadWriteUtils.loadModelData(tEnv, path,
                new ModelDataFormat<>(XGBoostModelData.class, XGBoostModelData::decode)));
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }
}
