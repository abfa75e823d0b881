package io.flowmeter.model.stage;


import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelData;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelParams;
import org.apache.flink.ml.linalg.BLAS;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorSerializer;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A fitted logistic regression. It stores exactly what Flink ML's {@code LogisticRegressionModelServable} reads
 * (its three column parameters, and {@link LogisticRegressionModelData} in its own encoding, in one file), so the
 * saved stage also loads without a Flink runtime and gives the same probabilities.
 */
public final class WeightedLogisticRegressionModel extends TableModel<WeightedLogisticRegressionModel>
        implements LogisticRegressionModelParams<WeightedLogisticRegressionModel> {


    @Override
    public Table[] transform(Table... inputs) {
        return new Table[] {Classifiers.predict(inputs[0], modelDataStream(modelData),
                getFeaturesCol(), getPredictionCol(), getRawPredictionCol(), data -> {
                    DenseVector coefficients = data.coefficient;
                    // Flink ML's BLAS, as the servable uses: the same sums, to the last bit.
                    return features -> probability(
                            BLAS.dot(new DenseVector(features), coefficients));
                }, "logistic regression")};
    }

    /** The probability of class 1 for a dot product, as Flink ML's logistic servable computes it. */
    public static double probability(double dot) {
        return 1 - 1.0 / (1.0 + Math.exp(dot));
    }

    static SingleOutputStreamOperator<LogisticRegressionModelData> modelDataStream(Table modelData) {
        return StageTables.modelData(modelData, LogisticRegressionModelData.class,
                row -> new LogisticRegressionModelData((DenseVector) row.getField("coefficient"),
                        (Long) row.getField("modelVersion")));
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path);
        ReadWriteUtils.saveModelData(
                modelDataStream(modelData).setParallelism(1),
                path, new ModelEncoder());
    }

    public static WeightedLogisticRegressionModel load(StreamTableEnvironment tEnv, String path) throws IOException {
        WeightedLogisticRegressionModel model = SavedStages.loadParams(path);
        return model.setModelData(ReadWriteUtils.loadModelData(tEnv, path,
                new ModelDataFormat<>(LogisticRegressionModelData.class, WeightedLogisticRegressionModel::decode)));
    }


    /** Flink ML's own encoding of {@link LogisticRegressionModelData}. */
    static final class ModelEncoder implements Encoder<LogisticRegressionModelData> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(LogisticRegressionModelData data, OutputStream stream) throws IOException {
            data.encode(stream);
        }
    }

    static LogisticRegressionModelData decode(InputStream stream) throws IOException {
        DataInputViewStreamWrapper in = new DataInputViewStreamWrapper(stream);
        try {
            DenseVector coefficient = new DenseVectorSerializer().deserialize(in);
            return new LogisticRegressionModelData(coefficient, in.readLong());
        } catch (EOFException e) {
            return null;
        }
    }
}
