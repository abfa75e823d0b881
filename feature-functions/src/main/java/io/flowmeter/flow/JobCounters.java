package io.flowmeter.flow;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counters that are at once a Flink accumulator (the run summary of the command line, from the job result) and a
 * metric (Prometheus, JMX, the web UI, while the job runs). Both read one {@code long}, so the hot path pays a
 * single increment.
 */
public final class JobCounters {

    private JobCounters() {}

    /** A counter named {@code name} both as accumulator and as metric of the function's operator. */
    public static LongCounter counter(RuntimeContext context, String name) {
        return counter(context, name, context.getMetricGroup(), name);
    }

    /** A counter registered as accumulator {@code accumulatorName} and as metric {@code metricName} of a group. */
    public static LongCounter counter(RuntimeContext context, String accumulatorName, MetricGroup group,
            String metricName) {
        LongCounter accumulator = new LongCounter();
        context.addAccumulator(accumulatorName, accumulator);
        group.counter(metricName, new AccumulatorCounter(accumulator));
        return accumulator;
    }

    /** A metric view of an accumulator; increments through it reach the accumulator. */
    private static final class AccumulatorCounter implements Counter {
        private final LongCounter accumulator;

        AccumulatorCounter(LongCounter accumulator) {
            this.accumulator = accumulator;
        }

        @Override
        public void inc() {
            accumulator.add(1L);
        }

        @Override
        public void inc(long n) {
            accumulator.add(n);
        }

        @Override
        public void dec() {
            accumulator.add(-1L);
        }

        @Override
        public void dec(long n) {
            accumulator.add(-n);
        }

        @Override
        public long getCount() {
            return accumulator.getLocalValuePrimitive();
        }
    }
}
