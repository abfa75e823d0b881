package io.flowmeter.job.forward;

import io.flowmeter.flow.EndReason;
import io.flowmeter.model.ScoredFlow;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Which flows go on to deep inspection: a flow's final record when the model flagged it, or flagged the flow's
 * early record ({@code partial}) before: once flagged, a flow is forwarded whole, whatever its final score. Keyed by
 * flow ({@link #BY_FLOW}); the state is one flag per flow with a flagged early record, cleared at its final record.
 */
public final class ForwardVerdicts extends KeyedProcessFunction<String, ScoredFlow, ScoredFlow> {

    private static final long serialVersionUID = 1L;

    /** A flow: its 5-tuple and first packet's time, which its early and final records share. */
    public static final KeySelector<ScoredFlow, String> BY_FLOW = s -> s.flow.fiveTuple() + '@' + s.flow.flowStartNs;

    private static final String PARTIAL = EndReason.PARTIAL.label();

    private transient ValueState<Boolean> flaggedEarly;

    @Override
    public void open(Configuration parameters) {
        flaggedEarly = getRuntimeContext().getState(new ValueStateDescriptor<>("flagged-early", Types.BOOLEAN));
    }

    @Override
    public void processElement(ScoredFlow scored, Context context, Collector<ScoredFlow> out) throws Exception {
        if (PARTIAL.equals(scored.flow.endReason)) {
            if (scored.malicious) {
                flaggedEarly.update(true);
            }
            return;
        }
        if (scored.malicious || flaggedEarly.value() != null) {
            out.collect(scored);
        }
        flaggedEarly.clear();
    }
}
