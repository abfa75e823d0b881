package io.flowmeter.model.stage;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.ml.common.param.HasFeaturesCol;
import org.apache.flink.ml.common.param.HasPredictionCol;
import org.apache.flink.ml.common.param.HasRawPredictionCol;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;

/** A trained XGBoost booster as a Flink ML model: appends {@code prediction} and {@code rawPrediction}. */
public final class XGBoostClassifierModel extends TableModel<XGBoostClassifierModel>
        implements HasFeaturesCol<XGBoostClassifierModel>, HasPredictionCol<XGBoostClassifierModel>,
        HasRawPredictionCol<XGBoostClassifierModel> {


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
        XGBoostClassifierModel model = SavedStages.loadParams(path);
        return model.setModelData(ReadWriteUtils.loadModelData(tEnv, path,
                new ModelDataFormat<>(XGBoostModelData.class, XGBoostModelData::decode)));
    }

}
