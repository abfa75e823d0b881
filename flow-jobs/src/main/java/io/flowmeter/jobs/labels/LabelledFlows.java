package io.flowmeter.jobs.labels;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.JobCounters;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.configuration.Configuration;

/**
 * Counts the flows each label takes ({@link GroundTruth#BENIGN_FLOWS}, {@link GroundTruth#MALICIOUS_FLOWS},
 * {@link GroundTruth#UNLABELLED_FLOWS}) and passes on those that have one: with {@code --unlabelled drop}, a flow no
 * rule matches is left out.
 */
public final class LabelledFlows extends RichFilterFunction<FlowRecord> {

    private static final long serialVersionUID = 1L;

    private final GroundTruth truth;
    private transient LongCounter benign;
    private transient LongCounter malicious;
    private transient LongCounter unlabelled;

    public LabelledFlows(GroundTruth truth) {
        this.truth = truth;
    }

    @Override
    public void open(Configuration parameters) {
        benign = JobCounters.counter(getRuntimeContext(), GroundTruth.BENIGN_FLOWS);
        malicious = JobCounters.counter(getRuntimeContext(), GroundTruth.MALICIOUS_FLOWS);
        unlabelled = JobCounters.counter(getRuntimeContext(), GroundTruth.UNLABELLED_FLOWS);
    }

    @Override
    public boolean filter(FlowRecord flow) {
        LabelRule rule = truth.ruleOf(flow);
        boolean kept = rule != null || truth.unlabelled() == GroundTruth.Unlabelled.BENIGN;
        if (!EndReason.PARTIAL.label().equals(flow.endReason)) { // an early record's flow is counted when it ends
            if (rule == null) {
                unlabelled.add(1);
            }
            if (kept) {
                (rule != null && rule.isMalicious() ? malicious : benign).add(1);
            }
        }
        return kept;
    }
}
