package io.flowmeter.flow;

/**
 * Active and idle periods of a flow, and its subflows. An active period is a run of packets each at most the
 * activity timeout after the previous; a longer gap is an idle period. Active periods of one packet last 0 and are
 * not counted (as in CICFlowMeter); the period still running when the flow ends is counted, which CICFlowMeter
 * forgets (its active statistics are all 0 for most flows). A subflow is a run of packets each at most
 * {@value #SUBFLOW_GAP_NANOS} ns after the previous (CICFlowMeter's one second). Fixed size.
 */
public final class ActivityDetail {

    static final long SUBFLOW_GAP_NANOS = 1_000_000_000L;

    final RunningStats active = new RunningStats();
    final RunningStats idle = new RunningStats();
    long activeStartNanos;
    long activeEndNanos;
    int subflows;

    /** Counts a packet at {@code ts}; {@code first}: the flow's first packet. */
    void add(long ts, boolean first, long activityTimeoutNanos) {
        if (first) {
            activeStartNanos = ts;
            activeEndNanos = ts;
            subflows = 1;
            return;
        }
        long gap = ts - activeEndNanos;
        if (gap > SUBFLOW_GAP_NANOS) {
            subflows++;
        }
        if (gap > activityTimeoutNanos) {
            if (activeEndNanos > activeStartNanos) {
                active.add(activeEndNanos - activeStartNanos);
            }
            idle.add(gap);
            activeStartNanos = ts;
            activeEndNanos = ts;
        } else {
            activeEndNanos = Math.max(activeEndNanos, ts);
        }
    }

    /** The active periods, the one still running included. */
    public RunningStats activePeriods() {
        if (activeEndNanos <= activeStartNanos) {
            return active;
        }
        RunningStats all = active.copy();
        all.add(activeEndNanos - activeStartNanos);
        return all;
    }

    public RunningStats idlePeriods() { return idle; }
    /** At least 1 once the flow has a packet. */
    public int subflows() { return subflows; }
}
