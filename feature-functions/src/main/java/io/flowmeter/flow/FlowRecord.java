package io.flowmeter.flow;

import java.util.Arrays;

/**
 * One finished flow: who talked to whom (source = initiator), when, why it ended, and its feature values in the
 * order of the job's feature layout. A plain POJO for Flink; built by {@link #of}.
 */
public class FlowRecord {

    private static final ThreadLocal<CommunityId> COMMUNITY_ID = ThreadLocal.withInitial(CommunityId::new);

    public String srcIp;
    public String dstIp;
    public int protocol;
    public int srcPort;
    public int dstPort;
    /**
     * The flow's {@link CommunityId} (seed 0), as Zeek, Suricata and Arkime log it; empty for an ICMP flow restored
     * from a checkpoint of a build that did not keep its first message's type.
     */
    public String communityId;
    /** Epoch nanoseconds of the first packet. */
    public long flowStartNs;
    /** Epoch nanoseconds of the last packet. */
    public long flowEndNs;
    /** {@link EndReason#label()}. */
    public String endReason;
    /**
     * The value of every column of the job's {@link io.flowmeter.feature.FeatureLayout}, in its order: FlowMeter's
     * statistics first (so {@link #get(FlowFeature)} is at the constant's ordinal), then the other plugins' columns.
     */
    public double[] values;
    /**
     * The values of the layout's text columns ({@link io.flowmeter.feature.FeatureColumn#isText}) at their column
     * index, null elsewhere; null when the layout has none.
     */
    public String[] texts;

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
        r.communityId = COMMUNITY_ID.get().of(key, forwardIsA, flow.firstIcmpTypeCode);
        r.flowStartNs = flow.firstNanos();
        r.flowEndNs = flow.lastNanos();
        r.endReason = reason.label();
        flow.finish(key.protocol(), r);
        return r;
    }

    /** The value of one of FlowMeter's statistics. */
    public double get(FlowFeature feature) {
        return values[feature.ordinal()];
    }

    /** FlowMeter's {@code fiveTuple}: {@code src--dst--protocol--srcPort--dstPort}. */
    public String fiveTuple() {
        return srcIp + "--" + dstIp + "--" + protocol + "--" + srcPort + "--" + dstPort;
    }

    @Override
    public String toString() {
        return "FlowRecord{" + fiveTuple() + ", " + communityId + ", start=" + flowStartNs + ", end=" + flowEndNs + ", reason="
                + endReason + ", values=" + Arrays.toString(values) + (texts == null ? "" : ", texts=" + Arrays.toString(texts))
                + '}';
    }
}
