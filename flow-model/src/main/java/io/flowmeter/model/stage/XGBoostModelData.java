package io.flowmeter.model.stage;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.flink.api.common.serialization.Encoder;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A trained XGBoost booster in XGBoost's own JSON model format: data, never Java serialization. Model files
 * hold the length and then the bytes.
 */
public class XGBoostModelData {

    public byte[] booster;

    public XGBoostModelData() {}

    public XGBoostModelData(byte[] booster) {
        this.booster = booster;
    }

    /** The booster, loaded with XGBoost4J. */
    public Booster load() {
        try {
            return XGBoost.loadModel(booster);
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("the saved XGBoost model does not load: " + e.getMessage(), e);
        }
    }

    /** The probability of class 1 that {@code booster} gives one feature vector. */
    public static double probability(Booster booster, double[] features) {
        float[] values = new float[features.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) features[i];
        }
        try {
            DMatrix row = new DMatrix(values, 1, values.length, Float.NaN);
            try {
                return booster.predict(row)[0][0];
            } finally {
                row.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    /** Writes the booster's length and bytes. */
    static final class ModelEncoder implements Encoder<XGBoostModelData> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(XGBoostModelData data, OutputStream stream) throws IOException {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(data.booster.length);
            out.write(data.booster);
            out.flush();
        }
    }

    /** One record from {@code stream}, or null at its end. */
    public static XGBoostModelData decode(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > 1 << 30) {
            throw new IOException("XGBoost model data announces " + length + " bytes: not a model file");
        }
        byte[] booster = new byte[length];
        in.readFully(booster);
        return new XGBoostModelData(booster);
    }
}
