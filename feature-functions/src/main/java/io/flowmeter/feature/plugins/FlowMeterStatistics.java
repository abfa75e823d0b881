package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.feature.RunningStats;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.flowmeter.feature.plugins.Directions.micros;

/**
 * FlowMeter's statistics ({@link FlowFeature}): packet sizes and gaps, overall and per direction, and per-time
 * rates; plus the gaps' sample standard deviations, auxiliary, for the CICFlowMeter mapping. In every layout,
 * first.
 */
public final class FlowMeterStatistics implements FlowPlugin<FlowMeterStatistics.State> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "flowmeter";

    /** FlowMeter's statistics come first; the auxiliary columns after them. */
    private static final int STATISTICS = FlowFeature.values().length;
    private static final List<FeatureColumn> COLUMNS;

    static {
        List<FeatureColumn> columns = new ArrayList<>(FlowFeature.columns());
        columns.add(FeatureColumn.decimal("IATSampleStd", "µs", "sample standard deviation of the gaps").auxiliary());
        for (String name : Directions.names("IATSampleStd")) {
            columns.add(FeatureColumn.decimal(name, "µs", "sample standard deviation of the gaps, "
                    + (name.startsWith("fwd") ? "forward" : "backward")).auxiliary());
        }
        COLUMNS = Collections.unmodifiableList(columns);
    }

    /**
     * Sizes and gaps, overall and per direction, and each direction's latest packet time. Fields rather than
     * per-direction arrays: this is updated on every packet of every job.
     */
    public static final class State {
        final RunningStats sizes = new RunningStats();
        final RunningStats gaps = new RunningStats();
        RunningStats fwdSizes = new RunningStats();
        RunningStats bwdSizes = new RunningStats();
        RunningStats fwdGaps = new RunningStats();
        RunningStats bwdGaps = new RunningStats();
        long fwdLastNanos;
        long bwdLastNanos;
    }

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }
    @Override public State newState() { return new State(); }

    @Override
    public void update(State s, PacketRecord packet, FlowContext flow) {
        long ts = packet.getTimestampNanos();
        long size = packet.getWireLength();
        if (!flow.isFirstPacket()) {
            s.gaps.add(flow.gapNanos());
        }
        s.sizes.add(size);
        if (flow.isForward()) {
            if (s.fwdSizes.count() > 0) {
                s.fwdGaps.add(Math.max(0, ts - s.fwdLastNanos));
            }
            s.fwdSizes.add(size);
            s.fwdLastNanos = Math.max(s.fwdLastNanos, ts);
        } else {
            if (s.bwdSizes.count() > 0) {
                s.bwdGaps.add(Math.max(0, ts - s.bwdLastNanos));
            }
            s.bwdSizes.add(size);
            s.bwdLastNanos = Math.max(s.bwdLastNanos, ts);
        }
    }

    @Override
    public void swapDirections(State s) {
        RunningStats sizes = s.fwdSizes;
        s.fwdSizes = s.bwdSizes;
        s.bwdSizes = sizes;
        RunningStats gaps = s.fwdGaps;
        s.fwdGaps = s.bwdGaps;
        s.bwdGaps = gaps;
        long last = s.fwdLastNanos;
        s.fwdLastNanos = s.bwdLastNanos;
        s.bwdLastNanos = last;
    }

    @Override
    public void finish(State s, FlowContext flow, FeatureValues values) {
        long durationNanos = flow.lastNanos() - flow.firstNanos();
        RunningStats fwd = s.fwdSizes;
        RunningStats bwd = s.bwdSizes;
        RunningStats fwdGaps = s.fwdGaps;
        RunningStats bwdGaps = s.bwdGaps;
        set(values, FlowFeature.flowDuration, micros(durationNanos));
        set(values, FlowFeature.flowLength, s.sizes.count());
        set(values, FlowFeature.fwdFlowLength, fwd.count());
        set(values, FlowFeature.bwdFlowLength, bwd.count());
        set(values, FlowFeature.packetSizeTotal, s.sizes.sum());
        set(values, FlowFeature.packetSizeMean, s.sizes.mean());
        set(values, FlowFeature.packetSizeStd, s.sizes.populationStd());
        set(values, FlowFeature.packetSizeMin, s.sizes.min());
        set(values, FlowFeature.packetSizeMax, s.sizes.max());
        set(values, FlowFeature.fwdPacketSizeTotal, fwd.sum());
        set(values, FlowFeature.bwdPacketSizeTotal, bwd.sum());
        set(values, FlowFeature.fwdPacketSizeMean, fwd.mean());
        set(values, FlowFeature.bwdPacketSizeMean, bwd.mean());
        set(values, FlowFeature.fwdPacketSizeStd, fwd.populationStd());
        set(values, FlowFeature.bwdPacketSizeStd, bwd.populationStd());
        set(values, FlowFeature.fwdPacketSizeMin, fwd.min());
        set(values, FlowFeature.bwdPacketSizeMin, bwd.min());
        set(values, FlowFeature.fwdPacketSizeMax, fwd.max());
        set(values, FlowFeature.bwdPacketSizeMax, bwd.max());
        set(values, FlowFeature.IATMean, micros(s.gaps.mean()));
        set(values, FlowFeature.IATStd, micros(s.gaps.populationStd()));
        set(values, FlowFeature.IATMin, micros(s.gaps.min()));
        set(values, FlowFeature.IATMax, micros(s.gaps.max()));
        set(values, FlowFeature.fwdIATTotal, micros(fwdGaps.sum()));
        set(values, FlowFeature.bwdIATTotal, micros(bwdGaps.sum()));
        set(values, FlowFeature.fwdIATMean, micros(fwdGaps.mean()));
        set(values, FlowFeature.bwdIATMean, micros(bwdGaps.mean()));
        set(values, FlowFeature.fwdIATStd, micros(fwdGaps.populationStd()));
        set(values, FlowFeature.bwdIATStd, micros(bwdGaps.populationStd()));
        set(values, FlowFeature.fwdIATMin, micros(fwdGaps.min()));
        set(values, FlowFeature.bwdIATMin, micros(bwdGaps.min()));
        set(values, FlowFeature.fwdIATMax, micros(fwdGaps.max()));
        set(values, FlowFeature.bwdIATMax, micros(bwdGaps.max()));
        set(values, FlowFeature.flowLengthPerTime, perMicro(s.sizes.count(), durationNanos));
        set(values, FlowFeature.fwdFlowLengthPerTime, perMicro(fwd.count(), durationNanos));
        set(values, FlowFeature.bwdFlowLengthPerTime, perMicro(bwd.count(), durationNanos));
        set(values, FlowFeature.packetSizeTotalPerTime, perMicro(s.sizes.sum(), durationNanos));
        set(values, FlowFeature.fwdPacketSizeTotalPerTime, perMicro(fwd.sum(), durationNanos));
        set(values, FlowFeature.bwdPacketSizeTotalPerTime, perMicro(bwd.sum(), durationNanos));
        int aux = STATISTICS;
        values.set(aux, micros(s.gaps.sampleStd()));
        values.set(aux + 1, micros(fwdGaps.sampleStd()));
        values.set(aux + 2, micros(bwdGaps.sampleStd()));
    }

    private static void set(FeatureValues values, FlowFeature feature, double value) {
        values.set(feature.ordinal(), value);
    }

    private static double perMicro(double amount, long durationNanos) {
        return durationNanos <= 0 ? 0 : amount / micros(durationNanos);
    }

    @Override
    public void writeState(State s, DataOutputView out) throws IOException {
        s.sizes.write(out);
        s.gaps.write(out);
        s.fwdSizes.write(out);
        s.fwdGaps.write(out);
        out.writeLong(s.fwdLastNanos);
        s.bwdSizes.write(out);
        s.bwdGaps.write(out);
        out.writeLong(s.bwdLastNanos);
    }

    @Override
    public State readState(int version, DataInputView in) throws IOException {
        State s = new State();
        s.sizes.read(in);
        s.gaps.read(in);
        s.fwdSizes.read(in);
        s.fwdGaps.read(in);
        s.fwdLastNanos = in.readLong();
        s.bwdSizes.read(in);
        s.bwdGaps.read(in);
        s.bwdLastNanos = in.readLong();
        return s;
    }
}
