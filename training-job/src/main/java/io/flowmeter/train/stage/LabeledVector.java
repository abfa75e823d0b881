package io.flowmeter.train.stage;

import io.flowmeter.model.stage.StageTables;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;

/** A training row as the classifiers see it: its feature values and its label (0 benign, 1 malicious). */
public class LabeledVector {
    public double[] features;
    public double label;

    public LabeledVector() {}

    public LabeledVector(double[] features, double label) {
        this.features = features;
        this.label = label;
    }

    /** The rows of a table as labelled vectors: its vector column {@code featuresCol}, label 1 above 0.5. */
    static DataStream<LabeledVector> of(Table table, String featuresCol, String labelCol) {
        return StageTables.rows(table)
                .map(row -> new LabeledVector(((DenseVector) row.getField(featuresCol)).values,
                        ((Number) row.getField(labelCol)).doubleValue() > 0.5 ? 1.0 : 0.0),
                        TypeInformation.of(LabeledVector.class))
                .name("labelled vectors");
    }

    /** A hash of the values: where a row trains, whatever order rows arrive in. */
    int contentHash() {
        return 31 * java.util.Arrays.hashCode(features) + Double.hashCode(label);
    }

    /** Orders rows by their values alone, so that training sees the same sequence on every run. */
    static final java.util.Comparator<LabeledVector> BY_CONTENT = (a, b) -> {
        int byHash = Integer.compare(a.contentHash(), b.contentHash());
        if (byHash != 0) {
            return byHash;
        }
        int byValues = java.util.Arrays.compare(a.features, b.features);
        return byValues != 0 ? byValues : Double.compare(a.label, b.label);
    };
}
