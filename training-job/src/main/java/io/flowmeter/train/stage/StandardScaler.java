package io.flowmeter.train.stage;

import io.flowmeter.model.stage.StandardScalerModel;
import io.flowmeter.model.stage.StageTables;
import io.flowmeter.model.stage.ScalerParams;
import io.flowmeter.model.stage.ScalerModelData;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.ml.api.Estimator;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Learns each feature's mean and population standard deviation, in parallel: every subtask summarizes its
 * partition, one task merges the summaries.
 */
public final class StandardScaler implements Estimator<StandardScaler, StandardScalerModel>,
        ScalerParams<StandardScaler> {

    private final Map<Param<?>, Object> paramMap = new HashMap<>();

    public StandardScaler() {
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
    }

    @Override
    public StandardScalerModel fit(Table... inputs) {
        StreamTableEnvironment tEnv = StageTables.environmentOf(inputs[0]);
        String column = getInputCol();
        DataStream<double[]> vectors = StageTables.rows(inputs[0])
                .map(row -> ((DenseVector) row.getField(column)).values, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO)
                .name("feature vectors");
        // Partitions by value, so that each run sums the same rows in each partition (sums of doubles depend on
        // their order, and a model on its scaled features).
        DataStream<ColumnMoments> partial = vectors
                .partitionCustom((hash, count) -> Math.floorMod(hash, count), java.util.Arrays::hashCode)
                .transform("moments per partition",
                TypeInformation.of(ColumnMoments.class), new EndOfInputOperator<>(ColumnMoments::of));
        DataStream<ScalerModelData> modelData = partial
                .transform("merge moments", TypeInformation.of(ScalerModelData.class),
                        new EndOfInputOperator<ColumnMoments, ScalerModelData>(parts -> {
                            ColumnMoments total = ColumnMoments.merge(parts);
                            return new ScalerModelData(new DenseVector(total.mean), new DenseVector(total.std()));
                        }))
                .setParallelism(1);
        StandardScalerModel model = new StandardScalerModel().setModelData(tEnv.fromDataStream(modelData));
        ParamUtils.updateExistingParams(model, getParamMap());
        return model;
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path);
    }

    public static StandardScaler load(StreamTableEnvironment tEnv, String path) throws IOException {
        return ReadWriteUtils.loadStageParam(path);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }
}
