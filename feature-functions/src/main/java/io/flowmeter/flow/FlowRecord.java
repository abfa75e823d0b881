package io.flowmeter.flow;

import java.util.Arrays;

/**
 * One finished flow: who talked to whom (source = initiator), when, why it ended, and its feature values in the
 * order of {@link FlowFeature#values()}. A plain POJO for Flink; built by {@link #of}.
 */
public class FlowRecord {

    public String srcIp;
    public String dstIp;
    public int protocol;
    public int srcPort;
    public int dstPort;
    /** Epoch nanoseconds of the first packet. */
    public long flowStartNs;
    /** Epoch nanoseconds of the last packet. */
    public long flowEndNs;
    /** {@link EndReason#label()}. */
    public String endReason;
    /** Feature values, indexed by {@link FlowFeature#ordinal()}. */
    public double[] features;
    /** Extended feature values, indexed by {@link ExtendedFeature#ordinal()}; null for the FlowMeter set. */
    public double[] extended;
    /**
     * The first packets, for the extended set (else null): for slot i of n, the wire size at i, the gap in
     * microseconds since the previous packet at n + i (0 for the first), the direction at 2n + i (1 forward,
     * -1 backward, 0 for a slot no packet filled).
     */
    public double[] firstPackets;

    public FlowRecord() {}

    /** The record of a flow with the given key and state, ended for {@code reason}. */
    public static FlowRecord of(FlowKey key, FlowAccumulator flow, EndReason reason) {
        FlowRecord r = new FlowRecord();
        boolean forwardIsA = flow.forwardIsA();
        r.srcIp = forwardIsA ? key.aAddress() : key.bAddress();
        r.dstIp = forwardIsA ? key.bAddress() : key.aAddress();
        r.srcPort = forwardIsA ? key.aPort() : key.bPort();
        r.dstPort = forwardIsA ? key.bPort() : key.aPort();
        r.protocol = key.protocol();
        r.flowStartNs = flow.firstNanos();
        r.flowEndNs = flow.lastNanos();
        r.endReason = reason.label();
        r.features = FlowFeature.compute(flow);
        if (flow.detail() != null) {
            r.extended = ExtendedFeature.compute(flow);
            r.firstPackets = firstPackets(flow.detail().firstPackets());
        }
        return r;
    }

    private static double[] firstPackets(PacketSequence sequence) {
        int n = sequence.capacity();
        double[] values = new double[3 * n];
        for (int i = 0; i < sequence.length(); i++) {
            values[i] = sequence.size(i);
            values[n + i] = sequence.gapNanos(i) / 1_000.0;
            values[2 * n + i] = sequence.isForward(i) ? 1 : -1;
        }
        return values;
    }

    /** The value of one extended feature; the flow must carry them. */
    public double get(ExtendedFeature feature) {
        return extended[feature.ordinal()];
    }

    /** The value of one feature. */
    public double get(FlowFeature feature) {
        return features[feature.ordinal()];
    }

    /** FlowMeter's {@code fiveTuple}: {@code src--dst--protocol--srcPort--dstPort}. */
    public String fiveTuple() {
        return srcIp + "--" + dstIp + "--" + protocol + "--" + srcPort + "--" + dstPort;
    }

    @Override
    public String toString() {
        return "FlowRecord{" + fiveTuple() + ", start=" + flowStartNs + ", end=" + flowEndNs + ", reason="
                + endReason + ", features=" + Arrays.toString(features) + '}';
    }
}
