package io.flowmeter.train.stage;

/** A training row as the classifiers see it: its feature values and its label (0 benign, 1 malicious). */
public class LabeledVector {
    public double[] features;
    public double label;

    public LabeledVector() {}

    public LabeledVector(double[] features, double label) {
        this.features = features;
        this.label = label;
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
