package io.flowmeter.model.stage;

import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.linalg.typeinfo.DenseVectorSerializer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** What a {@link StandardScalerModel} learned: per feature, the mean and the population standard deviation. */
public class ScalerModelData {

    public DenseVector mean;
    public DenseVector std;

    public ScalerModelData() {}

    public ScalerModelData(DenseVector mean, DenseVector std) {
        this.mean = mean;
        this.std = std;
    }

    /** Standardizes {@code values}: (x - mean) / std, with a std of 0 treated as 1; optionally adds a trailing 1. */
    public DenseVector scale(double[] values, boolean appendConstant) {
        double[] scaled = new double[values.length + (appendConstant ? 1 : 0)];
        for (int i = 0; i < values.length; i++) {
            double deviation = std.values[i] > 0 ? std.values[i] : 1.0;
            scaled[i] = (values[i] - mean.values[i]) / deviation;
        }
        if (appendConstant) {
            scaled[values.length] = 1.0;
        }
        return new DenseVector(scaled);
    }

    /** Writes the model data: two vectors in Flink ML's DenseVector format. */
    public static final class ModelEncoder implements Encoder<ScalerModelData> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(ScalerModelData data, java.io.OutputStream stream) throws IOException {
            DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(stream);
            DenseVectorSerializer serializer = new DenseVectorSerializer();
            serializer.serialize(data.mean, out);
            serializer.serialize(data.std, out);
        }
    }

    /** One record from {@code stream}, or null at its end. */
    public static ScalerModelData decode(InputStream stream) throws IOException {
        DataInputViewStreamWrapper in = new DataInputViewStreamWrapper(stream);
        DenseVectorSerializer serializer = new DenseVectorSerializer();
        try {
            DenseVector mean = serializer.deserialize(in);
            return new ScalerModelData(mean, serializer.deserialize(in));
        } catch (EOFException e) {
            return null;
        }
    }

}
