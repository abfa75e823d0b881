package io.flowmeter.flow;

import java.util.function.ToDoubleFunction;

/**
 * The features of the extended set beyond FlowMeter's ({@link FlowFeature}), in output order, each derived from a
 * flow's {@link FlowDetail}. {@code docs/features.md} defines each. Units as FlowMeter's: times in microseconds,
 * sizes in bytes, standard deviations population; payload is what follows the transport header. The few marked
 * {@code cicOnly} are not columns of the extended set: they serve the CICFlowMeter schema, which wants sample
 * standard deviations.
 */
public enum ExtendedFeature {
    fwdFinFlags(f -> d(f).forward.flagCount(0)),
    bwdFinFlags(f -> d(f).backward.flagCount(0)),
    fwdSynFlags(f -> d(f).forward.flagCount(1)),
    bwdSynFlags(f -> d(f).backward.flagCount(1)),
    fwdRstFlags(f -> d(f).forward.flagCount(2)),
    bwdRstFlags(f -> d(f).backward.flagCount(2)),
    fwdPshFlags(f -> d(f).forward.flagCount(3)),
    bwdPshFlags(f -> d(f).backward.flagCount(3)),
    fwdAckFlags(f -> d(f).forward.flagCount(4)),
    bwdAckFlags(f -> d(f).backward.flagCount(4)),
    fwdUrgFlags(f -> d(f).forward.flagCount(5)),
    bwdUrgFlags(f -> d(f).backward.flagCount(5)),
    fwdEceFlags(f -> d(f).forward.flagCount(6)),
    bwdEceFlags(f -> d(f).backward.flagCount(6)),
    fwdCwrFlags(f -> d(f).forward.flagCount(7)),
    bwdCwrFlags(f -> d(f).backward.flagCount(7)),
    fwdHeaderBytes(f -> d(f).forward.headerBytes()),
    bwdHeaderBytes(f -> d(f).backward.headerBytes()),
    fwdHeaderMin(f -> d(f).forward.minHeaderBytes()),
    bwdHeaderMin(f -> d(f).backward.minHeaderBytes()),
    payloadTotal(f -> d(f).payload().sum()),
    payloadMean(true, f -> d(f).payload().mean()),
    payloadStd(true, f -> d(f).payload().populationStd()),
    payloadMin(f -> d(f).payload().min()),
    payloadMax(f -> d(f).payload().max()),
    fwdPayloadTotal(f -> d(f).forward.payload.sum()),
    bwdPayloadTotal(f -> d(f).backward.payload.sum()),
    fwdPayloadMean(true, f -> d(f).forward.payload.mean()),
    bwdPayloadMean(true, f -> d(f).backward.payload.mean()),
    fwdPayloadStd(true, f -> d(f).forward.payload.populationStd()),
    bwdPayloadStd(true, f -> d(f).backward.payload.populationStd()),
    fwdPayloadMin(f -> d(f).forward.payload.min()),
    bwdPayloadMin(f -> d(f).backward.payload.min()),
    fwdPayloadMax(f -> d(f).forward.payload.max()),
    bwdPayloadMax(f -> d(f).backward.payload.max()),
    fwdDataPackets(f -> d(f).forward.dataPackets()),
    bwdDataPackets(f -> d(f).backward.dataPackets()),
    fwdInitWindow(f -> d(f).forward.initWindow()),
    bwdInitWindow(f -> d(f).backward.initWindow()),
    downUpRatio(true, f -> ratio(f.backwardSizes().count(), f.forwardSizes().count())),
    activeMean(true, f -> micros(d(f).activity.activePeriods().mean())),
    activeStd(true, f -> micros(d(f).activity.activePeriods().populationStd())),
    activeMin(true, f -> micros(d(f).activity.activePeriods().min())),
    activeMax(true, f -> micros(d(f).activity.activePeriods().max())),
    idleMean(true, f -> micros(d(f).activity.idle.mean())),
    idleStd(true, f -> micros(d(f).activity.idle.populationStd())),
    idleMin(true, f -> micros(d(f).activity.idle.min())),
    idleMax(true, f -> micros(d(f).activity.idle.max())),
    fwdBulks(f -> d(f).forward.bulks()),
    bwdBulks(f -> d(f).backward.bulks()),
    fwdBulkBytesMean(true, f -> ratio(d(f).forward.bulkBytes(), d(f).forward.bulks())),
    bwdBulkBytesMean(true, f -> ratio(d(f).backward.bulkBytes(), d(f).backward.bulks())),
    fwdBulkPacketsMean(true, f -> ratio(d(f).forward.bulkPackets(), d(f).forward.bulks())),
    bwdBulkPacketsMean(true, f -> ratio(d(f).backward.bulkPackets(), d(f).backward.bulks())),
    /** Bytes per second of bulk time. */
    fwdBulkRate(true, f -> perSecond(d(f).forward.bulkBytes(), d(f).forward.bulkNanos())),
    bwdBulkRate(true, f -> perSecond(d(f).backward.bulkBytes(), d(f).backward.bulkNanos())),
    subflows(f -> d(f).activity.subflows()),
    subflowFwdPackets(true, f -> ratio(f.forwardSizes().count(), d(f).activity.subflows())),
    subflowFwdBytes(true, f -> ratio(d(f).forward.payload.sum(), d(f).activity.subflows())),
    subflowBwdPackets(true, f -> ratio(f.backwardSizes().count(), d(f).activity.subflows())),
    subflowBwdBytes(true, f -> ratio(d(f).backward.payload.sum(), d(f).activity.subflows())),
    payloadSampleStd(true, true, f -> d(f).payload().sampleStd()),
    payloadSampleVariance(true, true, f -> d(f).payload().sampleVariance()),
    fwdPayloadSampleStd(true, true, f -> d(f).forward.payload.sampleStd()),
    bwdPayloadSampleStd(true, true, f -> d(f).backward.payload.sampleStd()),
    IATSampleStd(true, true, f -> micros(f.gaps().sampleStd())),
    fwdIATSampleStd(true, true, f -> micros(f.forwardGaps().sampleStd())),
    bwdIATSampleStd(true, true, f -> micros(f.backwardGaps().sampleStd())),
    activeSampleStd(true, true, f -> micros(d(f).activity.activePeriods().sampleStd())),
    idleSampleStd(true, true, f -> micros(d(f).activity.idle.sampleStd())),
    icmpType(false, true, f -> d(f).icmpType()),
    icmpCode(false, true, f -> d(f).icmpCode());

    private static final ExtendedFeature[] VALUES = values();

    private final boolean fractional;
    private final boolean cicOnly;
    private final ToDoubleFunction<FlowAccumulator> extractor;

    ExtendedFeature(ToDoubleFunction<FlowAccumulator> extractor) {
        this(false, false, extractor);
    }

    ExtendedFeature(boolean fractional, ToDoubleFunction<FlowAccumulator> extractor) {
        this(fractional, false, extractor);
    }

    ExtendedFeature(boolean fractional, boolean cicOnly, ToDoubleFunction<FlowAccumulator> extractor) {
        this.fractional = fractional;
        this.cicOnly = cicOnly;
        this.extractor = extractor;
    }

    /** Whether the value can have a fractional part (otherwise it is a count or a byte total). */
    public boolean isFractional() {
        return fractional;
    }

    /** Whether the feature serves the CICFlowMeter schema only (not a column of the extended set). */
    public boolean isCicOnly() {
        return cicOnly;
    }

    /** Every extended feature value of a flow kept with {@link FlowAccumulator#withDetail}, indexed by ordinal. */
    public static double[] compute(FlowAccumulator flow) {
        double[] values = new double[VALUES.length];
        for (ExtendedFeature feature : VALUES) {
            values[feature.ordinal()] = feature.extractor.applyAsDouble(flow);
        }
        return values;
    }

    private static FlowDetail d(FlowAccumulator flow) {
        return flow.detail();
    }

    private static double micros(double nanos) {
        return nanos / 1_000.0;
    }

    private static double ratio(double amount, double count) {
        return count == 0 ? 0 : amount / count;
    }

    private static double perSecond(double amount, long nanos) {
        return nanos <= 0 ? 0 : amount / (nanos / 1e9);
    }
}
