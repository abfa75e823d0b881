package io.flowmeter.model.stage;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.Vectors;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.types.Row;
import org.apache.flink.util.function.SerializableFunction;

/** What the classifier models share: appending prediction columns. */
public final class Classifiers {

    private Classifiers() {}

    /**
     * Appends {@code prediction} (1 when the probability of class 1 is at least 0.5) and {@code rawPrediction}
     * ({@code [1 - p, p]}), as Flink ML's classifiers do.
     */
    public static <M> Table predict(Table input, DataStream<M> model, String featuresCol,
            String predictionCol, String rawPredictionCol, SerializableFunction<M, ProbabilityFunction> probabilityOf,
            String name) {
        RowTypeInfo outputType = StageTables.withColumns(StageTables.rowType(input), predictionCol, Types.DOUBLE,
                rawPredictionCol, DenseVectorTypeInfo.INSTANCE);
        DataStream<Row> output = ModelBroadcast.apply(StageTables.rows(input), model, data -> {
            ProbabilityFunction probability = probabilityOf.apply(data);
            return row -> {
                double p = probability.of(((DenseVector) row.getField(featuresCol)).values);
                return StageTables.append(row, p >= 0.5 ? 1.0 : 0.0, Vectors.dense(1 - p, p));
            };
        }, outputType, name);
        return StageTables.environmentOf(input).fromDataStream(output);
    }

    /** The probability of class 1 for a feature vector. */
    public interface ProbabilityFunction {
        double of(double[] features);
    }
}
