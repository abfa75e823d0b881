package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

/**
 * What a flow keeps beyond FlowMeter's statistics, for the extended and CICFlowMeter feature sets: per direction
 * ({@link DirectionDetail}), active and idle periods ({@link ActivityDetail}) and
 * the first packets ({@link PacketSequence}). Updated in the same pass as the rest of the flow; fixed size for a
 * given number of first packets.
 */
public final class FlowDetail {

    DirectionDetail forward = new DirectionDetail();
    DirectionDetail backward = new DirectionDetail();
    final ActivityDetail activity = new ActivityDetail();
    final PacketSequence firstPackets;
    final long activityTimeoutNanos;
    /** ICMP type and code of the flow's first ICMP packet ({@code type << 8 | code}); -1 if none. */
    int icmpTypeCode = -1;

    FlowDetail(int firstPackets, long activityTimeoutNanos) {
        this.firstPackets = new PacketSequence(firstPackets);
        this.activityTimeoutNanos = activityTimeoutNanos;
    }

    /** Counts a packet; {@code gapNanos}: since the flow's previous packet (0 for the first). */
    void add(PacketRecord p, boolean isForward, boolean first, long gapNanos) {
        DirectionDetail side = isForward ? forward : backward;
        DirectionDetail other = isForward ? backward : forward;
        side.add(p, other.lastDataNanos);
        activity.add(p.getTimestampNanos(), first, activityTimeoutNanos);
        firstPackets.add(p.getWireLength(), gapNanos, isForward);
        if (icmpTypeCode < 0) {
            icmpTypeCode = p.getIcmpTypeCode();
        }
    }

    void swapDirections() {
        DirectionDetail side = forward;
        forward = backward;
        backward = side;
        firstPackets.swapDirections();
    }

    public DirectionDetail forward() { return forward; }
    public DirectionDetail backward() { return backward; }
    /** Payload bytes of every packet, both directions: computed from the two directions' summaries. */
    public RunningStats payload() { return RunningStats.combined(forward.payload, backward.payload); }
    public ActivityDetail activity() { return activity; }
    public PacketSequence firstPackets() { return firstPackets; }
    /** The ICMP type of the flow's first ICMP packet; -1 if none (CICFlowMeter's convention). */
    public int icmpType() { return icmpTypeCode < 0 ? -1 : icmpTypeCode >>> 8; }
    /** The ICMP code of the flow's first ICMP packet; -1 if none. */
    public int icmpCode() { return icmpTypeCode < 0 ? -1 : icmpTypeCode & 0xFF; }
}
