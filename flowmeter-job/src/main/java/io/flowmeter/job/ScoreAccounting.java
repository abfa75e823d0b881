package io.flowmeter.job;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.JobCounters;
import io.flowmeter.model.ScoredFlow;

import org.apache.flink.api.common.accumulators.DoubleCounter;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;

/**
 * Counts scored flows and bytes, and how many of them the model flagged, into Flink accumulators and metrics of the
 * same names (flows as counters, bytes as gauges). Early (partial) records are not counted: their flow is counted
 * once, by its final record.
 */
public final class ScoreAccounting extends RichMapFunction<ScoredFlow, ScoredFlow> {

    private static final long serialVersionUID = 1L;

    public static final String FLAGGED_FLOWS = "flaggedFlows";
    public static final String FLAGGED_BYTES = "flaggedBytes";
    public static final String SCORED_BYTES = "scoredBytes";

    private transient LongCounter flaggedFlows;
    private transient DoubleCounter flaggedBytes;
    private transient DoubleCounter scoredBytes;

    @Override
    public void open(Configuration parameters) {
        flaggedFlows = JobCounters.counter(getRuntimeContext(), FLAGGED_FLOWS);
        flaggedBytes = bytes(FLAGGED_BYTES);
        scoredBytes = bytes(SCORED_BYTES);
    }

    private DoubleCounter bytes(String name) {
        DoubleCounter bytes = new DoubleCounter();
        getRuntimeContext().addAccumulator(name, bytes);
        getRuntimeContext().getMetricGroup().gauge(name, (Gauge<Long>) () -> (long) bytes.getLocalValuePrimitive());
        return bytes;
    }

    @Override
    public ScoredFlow map(ScoredFlow scored) {
        if (EndReason.PARTIAL.label().equals(scored.flow.endReason)) {
            return scored;
        }
        double bytes = scored.flow.get(FlowFeature.packetSizeTotal);
        scoredBytes.add(bytes);
        if (scored.malicious) {
            flaggedFlows.add(1);
            flaggedBytes.add(bytes);
        }
        return scored;
    }
}
