package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.feature.RunningStats;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.List;

import static io.flowmeter.feature.plugins.Directions.micros;

/**
 * Active and idle periods. An active period is a run of packets each at most the activity timeout after the
 * previous; a longer gap is an idle period. Active periods of one packet last 0 and are not counted (as in
 * CICFlowMeter); the period still running when the flow ends is counted, which CICFlowMeter forgets.
 */
public final class ActivePeriods implements FlowPlugin<ActivePeriods.State> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "activity";

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.decimal("activeMean", "µs", "mean active period"),
            FeatureColumn.decimal("activeStd", "µs", "population standard deviation of active periods"),
            FeatureColumn.decimal("activeMin", "µs", "shortest active period"),
            FeatureColumn.decimal("activeMax", "µs", "longest active period"),
            FeatureColumn.decimal("idleMean", "µs", "mean idle period"),
            FeatureColumn.decimal("idleStd", "µs", "population standard deviation of idle periods"),
            FeatureColumn.decimal("idleMin", "µs", "shortest idle period"),
            FeatureColumn.decimal("idleMax", "µs", "longest idle period"),
            FeatureColumn.decimal("activeSampleStd", "µs", "sample standard deviation of active periods").auxiliary(),
            FeatureColumn.decimal("idleSampleStd", "µs", "sample standard deviation of idle periods").auxiliary());

    private final long activityTimeoutNanos;

    public ActivePeriods(long activityTimeoutNanos) {
        this.activityTimeoutNanos = activityTimeoutNanos;
    }

    /** The finished periods, and the active one running. */
    public static final class State {
        final RunningStats active = new RunningStats();
        final RunningStats idle = new RunningStats();
        long activeStartNanos;
        long activeEndNanos;

        /** The active periods, the one still running included. */
        RunningStats activePeriods() {
            if (activeEndNanos <= activeStartNanos) {
                return active;
            }
            RunningStats all = active.copy();
            all.add(activeEndNanos - activeStartNanos);
            return all;
        }
    }

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }
    @Override public State newState() { return new State(); }

    @Override
    public void update(State s, PacketRecord packet, FlowContext flow) {
        long ts = packet.getTimestampNanos();
        if (flow.isFirstPacket()) {
            s.activeStartNanos = ts;
            s.activeEndNanos = ts;
            return;
        }
        long gap = ts - s.activeEndNanos;
        if (gap > activityTimeoutNanos) {
            if (s.activeEndNanos > s.activeStartNanos) {
                s.active.add(s.activeEndNanos - s.activeStartNanos);
            }
            s.idle.add(gap);
            s.activeStartNanos = ts;
            s.activeEndNanos = ts;
        } else {
            s.activeEndNanos = Math.max(s.activeEndNanos, ts);
        }
    }

    @Override
    public void finish(State s, FlowContext flow, FeatureValues values) {
        RunningStats active = s.activePeriods();
        values.set(0, micros(active.mean()));
        values.set(1, micros(active.populationStd()));
        values.set(2, micros(active.min()));
        values.set(3, micros(active.max()));
        values.set(4, micros(s.idle.mean()));
        values.set(5, micros(s.idle.populationStd()));
        values.set(6, micros(s.idle.min()));
        values.set(7, micros(s.idle.max()));
        values.set(8, micros(active.sampleStd()));
        values.set(9, micros(s.idle.sampleStd()));
    }

    @Override
    public void writeState(State s, DataOutputView out) throws IOException {
        s.active.write(out);
        s.idle.write(out);
        out.writeLong(s.activeStartNanos);
        out.writeLong(s.activeEndNanos);
    }

    @Override
    public State readState(int version, DataInputView in) throws IOException {
        State s = new State();
        s.active.read(in);
        s.idle.read(in);
        s.activeStartNanos = in.readLong();
        s.activeEndNanos = in.readLong();
        return s;
    }
}
