package io.flowmeter.model.stage;

import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.io.IOException;

/** Standardizes a vector column with the means and deviations a {@link StandardScaler} learned. */
public final class StandardScalerModel extends TableModel<StandardScalerModel>
        implements ScalerParams<StandardScalerModel> {


    static DataStream<ScalerModelData> modelDataStream(Table modelData) {
        return StageTables.modelData(modelData, ScalerModelData.class,
                row -> new ScalerModelData((DenseVector) row.getField("mean"), (DenseVector) row.getField("std")));
    }

    @Override
    public Table[] transform(Table... inputs) {
        RowTypeInfo outputType = StageTables.withColumn(StageTables.rowType(inputs[0]), getOutputCol(),
                DenseVectorTypeInfo.INSTANCE);
        String input = getInputCol();
        boolean appendConstant = getAppendConstant();
        DataStream<Row> output = ModelBroadcast.apply(StageTables.rows(inputs[0]), modelDataStream(modelData),
                data -> row -> StageTables.append(row, data.scale(((DenseVector) row.getField(input)).values,
                        appendConstant)),
                outputType, "standardize " + input);
        return new Table[] {StageTables.environmentOf(inputs[0]).fromDataStream(output)};
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path);
        ReadWriteUtils.saveModelData(modelDataStream(modelData), path, new ScalerModelData.ModelEncoder());
    }

    public static StandardScalerModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        StandardScalerModel model = SavedStages.loadParams(path);
        return model.setModelData(ReadWriteUtils.loadModelData(tEnv, path,
                new ModelDataFormat<>(ScalerModelData.class, ScalerModelData::decode)));
    }


}
