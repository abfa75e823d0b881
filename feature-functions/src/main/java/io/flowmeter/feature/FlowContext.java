package io.flowmeter.feature;

/**
 * What a {@link FlowPlugin} sees of its flow besides the packet: the flow assembler's own state. During {@link
 * FlowPlugin#update} the packet's direction, whether it is the flow's first, and its gap; at {@link
 * FlowPlugin#finish} the flow's times and packet counts. Forward is the initiator's direction.
 *
 * <p>A class rather than an interface, with the per-packet answers final field reads: they are asked for on every
 * packet by every plugin, and a final method is bound statically, so even the first JIT tier inlines it.
 */
public abstract class FlowContext {

    private boolean packetForward;
    private boolean packetFirst;
    private long packetGapNanos;

    /** Sets what {@link #isForward}, {@link #isFirstPacket} and {@link #gapNanos} answer for the next packet. */
    protected final void packet(boolean forward, boolean first, long gapNanos) {
        this.packetForward = forward;
        this.packetFirst = first;
        this.packetGapNanos = gapNanos;
    }

    /** During an update: whether the packet goes the initiator's way. */
    public final boolean isForward() {
        return packetForward;
    }

    /** During an update: whether the packet is the flow's first. */
    public final boolean isFirstPacket() {
        return packetFirst;
    }

    /**
     * During an update: nanoseconds since the flow's latest packet before this one, 0 for the first packet and for a
     * packet stamped earlier (reordering), so never negative.
     */
    public final long gapNanos() {
        return packetGapNanos;
    }

    /** Epoch nanoseconds of the flow's earliest packet so far. */
    public abstract long firstNanos();

    /** Epoch nanoseconds of the flow's latest packet so far (during an update: before this packet). */
    public abstract long lastNanos();

    /** Packets sent by the initiator (during an update: before this packet). */
    public abstract long forwardPackets();

    /** Packets sent by the responder (during an update: before this packet). */
    public abstract long backwardPackets();

    /** At {@link FlowPlugin#finish}: the IANA protocol number of the flow; -1 during updates. */
    public abstract int protocol();
}
