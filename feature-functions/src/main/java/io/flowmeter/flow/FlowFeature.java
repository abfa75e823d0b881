package io.flowmeter.flow;

import io.flowmeter.feature.FeatureColumn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns of FlowMeter's statistics (plugin {@code io.flowmeter.feature.plugins.FlowMeterStatistics}), in
 * FlowMeter's order, as constants so that code and tests can name them: the first columns of every feature set,
 * so that {@link FlowRecord#get(FlowFeature)} is the value at the constant's ordinal. {@code docs/features.md}
 * defines each.
 *
 * <p>Units: durations and gaps in microseconds, sizes in bytes (wire length), standard deviations population
 * (divide by n), per-time rates per microsecond of {@code flowDuration} (0 when it is 0).
 */
public enum FlowFeature {
    flowDuration(true, "µs", "last packet time minus first packet time"),
    flowLength(false, "packets", "packets in the flow"),
    fwdFlowLength(false, "packets", "packets sent by the initiator"),
    bwdFlowLength(false, "packets", "packets sent by the responder"),
    packetSizeTotal(false, "bytes", "sum of packet sizes (wire length)"),
    packetSizeMean(true, "bytes", "mean packet size"),
    packetSizeStd(true, "bytes", "population standard deviation of packet sizes"),
    packetSizeMin(false, "bytes", "smallest packet"),
    packetSizeMax(false, "bytes", "largest packet"),
    fwdPacketSizeTotal(false, "bytes", "sum of packet sizes (wire length), forward"),
    bwdPacketSizeTotal(false, "bytes", "sum of packet sizes (wire length), backward"),
    fwdPacketSizeMean(true, "bytes", "mean packet size, forward"),
    bwdPacketSizeMean(true, "bytes", "mean packet size, backward"),
    fwdPacketSizeStd(true, "bytes", "population standard deviation of packet sizes, forward"),
    bwdPacketSizeStd(true, "bytes", "population standard deviation of packet sizes, backward"),
    fwdPacketSizeMin(false, "bytes", "smallest packet, forward"),
    bwdPacketSizeMin(false, "bytes", "smallest packet, backward"),
    fwdPacketSizeMax(false, "bytes", "largest packet, forward"),
    bwdPacketSizeMax(false, "bytes", "largest packet, backward"),
    IATMean(true, "µs", "mean gap between consecutive packets"),
    IATStd(true, "µs", "population standard deviation of the gaps"),
    IATMin(true, "µs", "smallest gap"),
    IATMax(true, "µs", "largest gap"),
    fwdIATTotal(true, "µs", "sum of the gaps between packets, forward"),
    bwdIATTotal(true, "µs", "sum of the gaps between packets, backward"),
    fwdIATMean(true, "µs", "mean gap between consecutive packets, forward"),
    bwdIATMean(true, "µs", "mean gap between consecutive packets, backward"),
    fwdIATStd(true, "µs", "population standard deviation of the gaps, forward"),
    bwdIATStd(true, "µs", "population standard deviation of the gaps, backward"),
    fwdIATMin(true, "µs", "smallest gap, forward"),
    bwdIATMin(true, "µs", "smallest gap, backward"),
    fwdIATMax(true, "µs", "largest gap, forward"),
    bwdIATMax(true, "µs", "largest gap, backward"),
    flowLengthPerTime(true, "1/µs", "packets per µs of flowDuration"),
    fwdFlowLengthPerTime(true, "1/µs", "packets per µs of flowDuration, forward"),
    bwdFlowLengthPerTime(true, "1/µs", "packets per µs of flowDuration, backward"),
    packetSizeTotalPerTime(true, "bytes/µs", "bytes per µs of flowDuration"),
    fwdPacketSizeTotalPerTime(true, "bytes/µs", "bytes per µs of flowDuration, forward"),
    bwdPacketSizeTotalPerTime(true, "bytes/µs", "bytes per µs of flowDuration, backward");

    private final boolean fractional;
    private final String unit;
    private final String doc;

    FlowFeature(boolean fractional, String unit, String doc) {
        this.fractional = fractional;
        this.unit = unit;
        this.doc = doc;
    }

    /** Whether the value can have a fractional part (otherwise it is a count or a byte total). */
    public boolean isFractional() {
        return fractional;
    }

    /** The column this constant names. */
    public FeatureColumn column() {
        return fractional ? FeatureColumn.decimal(name(), unit, doc) : FeatureColumn.whole(name(), unit, doc);
    }

    /** The columns of every constant, in order. */
    public static List<FeatureColumn> columns() {
        List<FeatureColumn> columns = new ArrayList<>();
        for (FlowFeature feature : values()) {
            columns.add(feature.column());
        }
        return Collections.unmodifiableList(columns);
    }
}
