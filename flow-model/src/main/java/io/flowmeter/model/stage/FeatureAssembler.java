package io.flowmeter.model.stage;

import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.api.Transformer;
import org.apache.flink.ml.common.param.HasInputCols;
import org.apache.flink.ml.common.param.HasOutputCol;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorTypeInfo;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.ml.util.ReadWriteUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers numeric feature columns into one vector column. Missing values, NaN and infinities (CICFlowMeter writes
 * {@code Infinity} for rates of zero-length flows) become 0, so every vector is finite. With {@link #LOG_SCALE},
 * each value x becomes sign(x)·ln(1 + |x|): flow and host features span orders of magnitude, and a linear model
 * on the logarithms carries over to rates and counts far beyond those it was trained on.
 */
public final class FeatureAssembler
        implements Transformer<FeatureAssembler>, HasInputCols<FeatureAssembler>, HasOutputCol<FeatureAssembler> {

    public static final Param<Boolean> LOG_SCALE = new BooleanParam("logScale",
            "Whether each value x becomes sign(x)*ln(1+|x|).", false);

    private final Map<Param<?>, Object> paramMap = new HashMap<>();

    public FeatureAssembler() {
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
    }

    @Override
    public Table[] transform(Table... inputs) {
        RowTypeInfo type = StageTables.rowType(inputs[0]);
        List<String> columns = Arrays.asList(type.getFieldNames());
        String[] features = getInputCols();
        for (String feature : features) {
            if (!columns.contains(feature)) {
                throw new IllegalArgumentException("feature column '" + feature + "' is not in the input; its columns"
                        + " are " + columns);
            }
        }
        RowTypeInfo outputType = StageTables.withColumn(type, getOutputCol(), DenseVectorTypeInfo.INSTANCE);
        boolean log = get(LOG_SCALE);
        DataStream<Row> output = StageTables.rows(inputs[0])
                .map(row -> StageTables.append(row, vectorOf(row, features, log)), outputType)
                .name("assemble " + features.length + " features");
        return new Table[] {StageTables.environmentOf(inputs[0]).fromDataStream(output)};
    }

    /** The finite feature vector of a row. */
    static DenseVector vectorOf(Row row, String[] features, boolean log) {
        double[] values = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            values[i] = finite(row.getField(features[i]));
        }
        return new DenseVector(log ? logScaled(values) : values);
    }

    /** {@code values} with each x replaced by sign(x)·ln(1 + |x|), in place; returned. */
    public static double[] logScaled(double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.copySign(Math.log1p(Math.abs(values[i])), values[i]);
        }
        return values;
    }

    static double finite(Object value) {
        if (!(value instanceof Number)) {
            return 0;
        }
        double v = ((Number) value).doubleValue();
        return Double.isFinite(v) ? v : 0;
    }

    @Override
    public void save(String path) throws IOException {
        ReadWriteUtils.saveMetadata(this, path);
    }

    public static FeatureAssembler load(StreamTableEnvironment tEnv, String path) throws IOException {
        return SavedStages.loadParams(path);
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }
}
