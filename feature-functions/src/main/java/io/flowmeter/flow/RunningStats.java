package io.flowmeter.flow;

/**
 * A streaming summary of a series of non-negative values: count, exact sum, min, max, and Welford's running
 * mean and sum of squared deviations, from which the population standard deviation follows. Constant size,
 * whatever the number of values.
 */
public final class RunningStats {

    long count;
    long sum;
    long min;
    long max;
    double mean;
    double m2;

    public void add(long value) {
        count++;
        sum += value;
        if (count == 1) {
            min = value;
            max = value;
        } else {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    public long count() { return count; }
    public long sum() { return sum; }
    /** 0 when empty. */
    public long min() { return count == 0 ? 0 : min; }
    /** 0 when empty. */
    public long max() { return count == 0 ? 0 : max; }
    /** 0 when empty. */
    public double mean() { return count == 0 ? 0 : mean; }

    /** Population standard deviation (divides by n, as FlowMeter does); 0 when empty. */
    public double populationStd() {
        return count == 0 ? 0 : Math.sqrt(Math.max(0, m2 / count));
    }
}
