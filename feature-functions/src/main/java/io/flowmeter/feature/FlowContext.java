package io.flowmeter.feature;

/**
 * What a {@link FlowPlugin} sees of its flow besides the packet: the flow assembler's own state. During {@link
 * FlowPlugin#update} the packet's direction, whether it is the flow's first, and its gap; at {@link
 * FlowPlugin#finish} the flow's times and packet counts. Forward is the initiator's direction.
 */
public interface FlowContext {

    /** During an update: whether the packet goes the initiator's way. */
    boolean isForward();

    /** During an update: whether the packet is the flow's first. */
    boolean isFirstPacket();

    /**
     * During an update: nanoseconds since the flow's latest packet before this one, 0 for the first packet and for a
     * packet stamped earlier (reordering), so never negative.
     */
    long gapNanos();

    /** Epoch nanoseconds of the flow's earliest packet so far. */
    long firstNanos();

    /** Epoch nanoseconds of the flow's latest packet so far (during an update: before this packet). */
    long lastNanos();

    /** Packets sent by the initiator (during an update: before this packet). */
    long forwardPackets();

    /** Packets sent by the responder (during an update: before this packet). */
    long backwardPackets();

    /** At {@link FlowPlugin#finish}: the IANA protocol number of the flow; -1 during updates. */
    int protocol();
}
