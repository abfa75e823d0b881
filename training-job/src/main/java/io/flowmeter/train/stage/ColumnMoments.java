package io.flowmeter.train.stage;

import java.util.List;

/**
 * Count, means and sums of squared deviations of vector columns, accumulated with Welford's update and merged
 * across partitions with Chan's formula: stable for byte counts and rates of any magnitude.
 */
public class ColumnMoments {

    public long count;
    public double[] mean;
    public double[] m2;

    public ColumnMoments() {}

    /** The moments of {@code rows}, summed in sorted order: the same rows give the same sums to the last bit. */
    static ColumnMoments of(List<double[]> unordered) {
        List<double[]> rows = new java.util.ArrayList<>(unordered);
        rows.sort(java.util.Arrays::compare);
        ColumnMoments moments = new ColumnMoments();
        int dimension = rows.get(0).length;
        moments.mean = new double[dimension];
        moments.m2 = new double[dimension];
        for (double[] row : rows) {
            moments.count++;
            for (int j = 0; j < dimension; j++) {
                double delta = row[j] - moments.mean[j];
                moments.mean[j] += delta / moments.count;
                moments.m2[j] += delta * (row[j] - moments.mean[j]);
            }
        }
        return moments;
    }

    /** The moments of the union of {@code parts}, merged in an order of their values, whatever order they came in. */
    static ColumnMoments merge(List<ColumnMoments> parts) {
        parts.sort(java.util.Comparator.comparingLong((ColumnMoments m) -> m.count)
                .thenComparing((a, b) -> java.util.Arrays.compare(a.mean, b.mean))
                .thenComparing((a, b) -> java.util.Arrays.compare(a.m2, b.m2)));
        ColumnMoments total = new ColumnMoments();
        int dimension = parts.get(0).mean.length;
        total.mean = new double[dimension];
        total.m2 = new double[dimension];
        for (ColumnMoments part : parts) {
            long count = total.count + part.count;
            for (int j = 0; j < dimension; j++) {
                double delta = part.mean[j] - total.mean[j];
                total.m2[j] += part.m2[j] + delta * delta * total.count * part.count / count;
                total.mean[j] += delta * part.count / count;
            }
            total.count = count;
        }
        return total;
    }

    /** Population standard deviations. */
    double[] std() {
        double[] std = new double[mean.length];
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(Math.max(0, m2[j] / count));
        }
        return std;
    }
}
