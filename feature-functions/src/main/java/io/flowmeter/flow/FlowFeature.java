package io.flowmeter.flow;

import java.util.function.ToDoubleFunction;

/**
 * Every feature column, in output order, with how it is derived from a {@link FlowAccumulator}: FlowMeter's
 * statistics first, then the per-time rates. Adding a feature means adding a constant here (and, when it needs
 * state the accumulator lacks, a field there). {@code docs/features.md} defines each column.
 *
 * <p>Units: durations and gaps in microseconds, sizes in bytes (wire length), standard deviations population
 * (divide by n), per-time rates per microsecond of {@code flowDuration} (0 when it is 0).
 */
public enum FlowFeature {
    flowDuration(true, f -> micros(f.lastNanos() - f.firstNanos())),
    flowLength(false, f -> f.sizes().count()),
    fwdFlowLength(false, f -> f.forwardSizes().count()),
    bwdFlowLength(false, f -> f.backwardSizes().count()),
    packetSizeTotal(false, f -> f.sizes().sum()),
    packetSizeMean(true, f -> f.sizes().mean()),
    packetSizeStd(true, f -> f.sizes().populationStd()),
    packetSizeMin(false, f -> f.sizes().min()),
    packetSizeMax(false, f -> f.sizes().max()),
    fwdPacketSizeTotal(false, f -> f.forwardSizes().sum()),
    bwdPacketSizeTotal(false, f -> f.backwardSizes().sum()),
    fwdPacketSizeMean(true, f -> f.forwardSizes().mean()),
    bwdPacketSizeMean(true, f -> f.backwardSizes().mean()),
    fwdPacketSizeStd(true, f -> f.forwardSizes().populationStd()),
    bwdPacketSizeStd(true, f -> f.backwardSizes().populationStd()),
    fwdPacketSizeMin(false, f -> f.forwardSizes().min()),
    bwdPacketSizeMin(false, f -> f.backwardSizes().min()),
    fwdPacketSizeMax(false, f -> f.forwardSizes().max()),
    bwdPacketSizeMax(false, f -> f.backwardSizes().max()),
    IATMean(true, f -> micros(f.gaps().mean())),
    IATStd(true, f -> micros(f.gaps().populationStd())),
    IATMin(true, f -> micros(f.gaps().min())),
    IATMax(true, f -> micros(f.gaps().max())),
    fwdIATTotal(true, f -> micros(f.forwardGaps().sum())),
    bwdIATTotal(true, f -> micros(f.backwardGaps().sum())),
    fwdIATMean(true, f -> micros(f.forwardGaps().mean())),
    bwdIATMean(true, f -> micros(f.backwardGaps().mean())),
    fwdIATStd(true, f -> micros(f.forwardGaps().populationStd())),
    bwdIATStd(true, f -> micros(f.backwardGaps().populationStd())),
    fwdIATMin(true, f -> micros(f.forwardGaps().min())),
    bwdIATMin(true, f -> micros(f.backwardGaps().min())),
    fwdIATMax(true, f -> micros(f.forwardGaps().max())),
    bwdIATMax(true, f -> micros(f.backwardGaps().max())),
    flowLengthPerTime(true, f -> perMicro(f.sizes().count(), f)),
    fwdFlowLengthPerTime(true, f -> perMicro(f.forwardSizes().count(), f)),
    bwdFlowLengthPerTime(true, f -> perMicro(f.backwardSizes().count(), f)),
    packetSizeTotalPerTime(true, f -> perMicro(f.sizes().sum(), f)),
    fwdPacketSizeTotalPerTime(true, f -> perMicro(f.forwardSizes().sum(), f)),
    bwdPacketSizeTotalPerTime(true, f -> perMicro(f.backwardSizes().sum(), f));

    private static final FlowFeature[] VALUES = values();

    private final boolean fractional;
    private final ToDoubleFunction<FlowAccumulator> extractor;

    FlowFeature(boolean fractional, ToDoubleFunction<FlowAccumulator> extractor) {
        this.fractional = fractional;
        this.extractor = extractor;
    }

    /** Whether the value can have a fractional part (otherwise it is a count or a byte total). */
    public boolean isFractional() {
        return fractional;
    }

    /** Every feature value of a flow, indexed by ordinal. */
    public static double[] compute(FlowAccumulator flow) {
        double[] values = new double[VALUES.length];
        for (FlowFeature feature : VALUES) {
            values[feature.ordinal()] = feature.extractor.applyAsDouble(flow);
        }
        return values;
    }

    private static double micros(double nanos) {
        return nanos / 1_000.0;
    }

    private static double perMicro(double amount, FlowAccumulator flow) {
        long durationNanos = flow.lastNanos() - flow.firstNanos();
        return durationNanos <= 0 ? 0 : amount / micros(durationNanos);
    }
}
