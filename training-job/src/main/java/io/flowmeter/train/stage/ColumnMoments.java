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

    static ColumnMoments of(List<double[]> rows) {
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

    static ColumnMoments merge(List<ColumnMoments> parts) {
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
