package io.flowmeter.feature;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

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

    /** Makes this summary equal to {@code other}. */
    public RunningStats copyFrom(RunningStats other) {
        count = other.count;
        sum = other.sum;
        min = other.min;
        max = other.max;
        mean = other.mean;
        m2 = other.m2;
        return this;
    }

    /** Writes the summary: 48 bytes. */
    public void write(DataOutputView out) throws IOException {
        out.writeLong(count);
        out.writeLong(sum);
        out.writeLong(min);
        out.writeLong(max);
        out.writeDouble(mean);
        out.writeDouble(m2);
    }

    /** Reads what {@link #write} wrote into this summary. */
    public RunningStats read(DataInputView in) throws IOException {
        count = in.readLong();
        sum = in.readLong();
        min = in.readLong();
        max = in.readLong();
        mean = in.readDouble();
        m2 = in.readDouble();
        return this;
    }

    /** A copy, to add values to without changing this one. */
    public RunningStats copy() {
        return new RunningStats().copyFrom(this);
    }

    /**
     * The summary of two series together (Chan, Golub and LeVeque's pairwise update of Welford's moments), so that
     * a statistic over both directions needs no third summary on the hot path.
     */
    public static RunningStats combined(RunningStats a, RunningStats b) {
        if (a.count == 0) {
            return b.copy();
        }
        if (b.count == 0) {
            return a.copy();
        }
        RunningStats both = new RunningStats();
        both.count = a.count + b.count;
        both.sum = a.sum + b.sum;
        both.min = Math.min(a.min, b.min);
        both.max = Math.max(a.max, b.max);
        double delta = b.mean - a.mean;
        both.mean = a.mean + delta * b.count / both.count;
        both.m2 = a.m2 + b.m2 + delta * delta * ((double) a.count * b.count / both.count);
        return both;
    }

    public long count() { return count; }
    public long sum() { return sum; }
    /** 0 when empty. */
    public long min() { return count == 0 ? 0 : min; }
    /** 0 when empty. */
    public long max() { return count == 0 ? 0 : max; }
    /** 0 when empty. */
    public double mean() { return count == 0 ? 0 : mean; }

    /** Sample variance (divides by n - 1, as CICFlowMeter does); 0 with fewer than two values. */
    public double sampleVariance() {
        return count < 2 ? 0 : Math.max(0, m2 / (count - 1));
    }

    /** Sample standard deviation (CICFlowMeter's); 0 with fewer than two values. */
    public double sampleStd() {
        return Math.sqrt(sampleVariance());
    }

    /** Population standard deviation (divides by n, as FlowMeter does); 0 when empty. */
    public double populationStd() {
        return count == 0 ? 0 : Math.sqrt(Math.max(0, m2 / count));
    }
}
