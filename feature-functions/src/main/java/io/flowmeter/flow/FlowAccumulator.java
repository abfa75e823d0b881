package io.flowmeter.flow;

import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.packet.PacketRecord;

/**
 * The state of one open flow: a fixed-size streaming summary, never a list of packets.
 *
 * <p>The flow's features are kept by the plugins of its {@link FeatureLayout}, one state each; this class keeps what
 * the flow assembler decides with: times, packet counts, the TCP connection's state, the pending timer.
 *
 * <p>Forward is the initiator's direction: the sender of the first packet, or of the first SYN (without ACK)
 * when one is seen; a first packet that is a SYN-ACK makes its receiver the initiator. A packet stamped earlier
 * than the flow's latest (reordering) counts with a gap of 0, so no gap is ever negative.
 *
 * <p>A TCP flow that has closed (RST, or both FINs and the last ACK) may linger ({@link #startLinger}): it keeps
 * taking the packets of its tuple that follow the close, and its end reason is fixed at the close. Each side's
 * first sequence number is kept, so that a SYN with another one is told from a retransmission
 * ({@link #isNewConnection}).
 */
public final class FlowAccumulator extends FlowContext {

    static final int SYN_SEEN = 1;
    static final int FIN_FORWARD = 1 << 1;
    static final int FIN_BACKWARD = 1 << 2;
    static final int SECOND_FIN_FORWARD = 1 << 3;
    static final int RESET = 1 << 4;
    static final int CLOSED = 1 << 5;
    /** Not TCP: the flow's early (partial) record was emitted. */
    static final int EARLY_RECORD_SENT = 1 << 6;
    /** The flow closed (RST, or FINs and the last ACK) and lingers: its record waits for the linger to pass. */
    static final int LINGERING = 1 << 7;
    /** With {@link #LINGERING}: the close was a RST (else FINs). */
    static final int CLOSED_BY_RESET = 1 << 8;
    /** {@link #seqBaseA} holds endpoint A's first sequence number; {@link #SEQ_BASE_B} likewise for B. */
    static final int SEQ_BASE_A = 1 << 9;
    static final int SEQ_BASE_B = 1 << 10;

    boolean forwardIsA;
    long firstNanos;
    long lastNanos;
    /** Packets sent by the initiator and by the responder. */
    long forwardPackets;
    long backwardPackets;
    /** TCP connection state, and whether the early record was sent: bits of the constants above. */
    int status;
    /** The event-time timer this flow has pending, in milliseconds; Long.MIN_VALUE for none. */
    long timerMillis = Long.MIN_VALUE;
    /** With {@link #LINGERING}: epoch nanoseconds of the flow's last packet when it closed. */
    long closeNanos;
    /**
     * The first sequence number of endpoint A (of the {@link FlowKey}) and of B, as tshark's base sequence number:
     * a SYN's own, one less than a first segment's without SYN. Set once {@link #SEQ_BASE_A}/{@link #SEQ_BASE_B}.
     */
    int seqBaseA;
    int seqBaseB;
    /**
     * {@code type << 8 | code} of an ICMP or ICMPv6 flow's first message, for its {@link CommunityId}; -1 for other
     * flows, and for ICMP flows restored from state of format 3 or earlier, which did not keep it.
     */
    int firstIcmpTypeCode = -1;
    /** The plugins whose states {@link #states} holds, in order. */
    FeatureLayout layout;
    /** One state per plugin of {@link #layout}. */
    Object[] states;

    // The flow key's protocol while the plugins finish (FlowContext); not state.
    private transient int protocol = -1;

    /** For the serializer, which fills every field. */
    FlowAccumulator() {}

    /** A new flow whose features are those of {@code layout}'s plugins. */
    public FlowAccumulator(FeatureLayout layout) {
        this.layout = layout;
        this.states = layout.newStates();
    }

    /** Starts a flow with its first packet; {@code fromA} tells whether the sender is endpoint A of the key. */
    public void start(PacketRecord first, boolean fromA) {
        boolean receiverInitiated = first.getProtocol() == PacketRecord.PROTO_TCP
                && first.hasTcpFlag(PacketRecord.TCP_SYN) && first.hasTcpFlag(PacketRecord.TCP_ACK);
        forwardIsA = receiverInitiated != fromA;
        firstNanos = first.getTimestampNanos();
        lastNanos = firstNanos;
        firstIcmpTypeCode = first.getIcmpTypeCode();
    }

    /** Adds a packet (including the first, after {@link #start}). */
    public void add(PacketRecord p, boolean fromA) {
        boolean forward = fromA == forwardIsA;
        if (p.getProtocol() == PacketRecord.PROTO_TCP) {
            keepSeqBase(p, fromA);
            forward = trackTcp(p, forward);
        }
        long ts = p.getTimestampNanos();
        boolean first = packets() == 0;
        packet(forward, first, first ? 0 : Math.max(0, ts - lastNanos));
        layout.update(states, p, this);
        lastNanos = Math.max(lastNanos, ts);
        firstNanos = Math.min(firstNanos, ts);
        if (forward) {
            forwardPackets++;
        } else {
            backwardPackets++;
        }
    }

    /**
     * Fills in {@code record}'s values (and texts) from the plugins' states; {@code protocol} is the flow key's.
     * The state is left as it is (an early record's flow goes on).
     */
    void finish(int protocol, FlowRecord record) {
        this.protocol = protocol;
        try {
            record.texts = layout.hasText() ? new String[layout.columns().size()] : null;
            record.values = layout.finish(states, this, record.texts);
        } finally {
            this.protocol = -1;
        }
    }

    /** This flow with its plugin states in {@code target}'s layout ({@link FeatureLayout#adopt}). */
    public FlowAccumulator adoptLayout(FeatureLayout target) {
        if (layout != target) {
            states = target.adopt(layout, states);
            layout = target;
        }
        return this;
    }

    private void keepSeqBase(PacketRecord p, boolean fromA) {
        int bit = fromA ? SEQ_BASE_A : SEQ_BASE_B;
        if ((status & bit) == 0) {
            int base = p.hasTcpFlag(PacketRecord.TCP_SYN) ? p.getTcpSeq() : p.getTcpSeq() - 1;
            if (fromA) {
                seqBaseA = base;
            } else {
                seqBaseB = base;
            }
            status |= bit;
        }
    }

    /**
     * Whether {@code p} opens a new connection on this flow's tuple: a SYN without ACK whose sequence number is not
     * the first one its sender used in this flow. A SYN with the same number is a retransmission (a client
     * retrying after a RST, a SYN flood repeating its packets) and belongs to the flow, as in tshark's streams.
     */
    public boolean isNewConnection(PacketRecord p, boolean fromA) {
        if (p.getProtocol() != PacketRecord.PROTO_TCP
                || (p.getTcpFlags() & (PacketRecord.TCP_SYN | PacketRecord.TCP_ACK)) != PacketRecord.TCP_SYN) {
            return false;
        }
        int bit = fromA ? SEQ_BASE_A : SEQ_BASE_B;
        return (status & bit) != 0 && p.getTcpSeq() != (fromA ? seqBaseA : seqBaseB);
    }

    /** Updates the TCP state with a packet and returns its direction (a first SYN may flip the directions). */
    private boolean trackTcp(PacketRecord p, boolean forward) {
        int flags = p.getTcpFlags();
        boolean syn = (flags & PacketRecord.TCP_SYN) != 0;
        boolean ack = (flags & PacketRecord.TCP_ACK) != 0;
        if (syn && !ack && (status & SYN_SEEN) == 0) {
            status |= SYN_SEEN;
            if (!forward) {
                swapDirections();
                forward = true;
            }
        }
        if ((flags & PacketRecord.TCP_RST) != 0) {
            status |= RESET;
        }
        if (bothFinsSeen()) {
            // The last ACK: from the side that did not send the second FIN, carrying no FIN itself.
            boolean secondFinForward = (status & SECOND_FIN_FORWARD) != 0;
            if (ack && (flags & PacketRecord.TCP_FIN) == 0 && forward != secondFinForward) {
                status |= CLOSED;
            }
        } else if ((flags & PacketRecord.TCP_FIN) != 0) {
            status |= forward ? FIN_FORWARD : FIN_BACKWARD;
            if (bothFinsSeen() && forward) {
                status |= SECOND_FIN_FORWARD;
            }
        }
        return forward;
    }

    private void swapDirections() {
        forwardIsA = !forwardIsA;
        layout.swapDirections(states);
        long packets = forwardPackets;
        forwardPackets = backwardPackets;
        backwardPackets = packets;
        int fins = status & (FIN_FORWARD | FIN_BACKWARD);
        status &= ~(FIN_FORWARD | FIN_BACKWARD);
        if ((fins & FIN_FORWARD) != 0) {
            status |= FIN_BACKWARD;
        }
        if ((fins & FIN_BACKWARD) != 0) {
            status |= FIN_FORWARD;
        }
    }

    /** Both sides have sent a FIN. */
    public boolean bothFinsSeen() {
        return (status & (FIN_FORWARD | FIN_BACKWARD)) == (FIN_FORWARD | FIN_BACKWARD);
    }

    /** A RST was seen: the flow ends with this packet. */
    public boolean isReset() {
        return (status & RESET) != 0;
    }

    /** Both FINs and the last ACK were seen: the flow ends with this packet. */
    public boolean isClosed() {
        return (status & CLOSED) != 0;
    }

    /**
     * The flow has closed for {@code reason} ({@link EndReason#RST} or {@link EndReason#FIN}) with its last packet so
     * far, and lingers: later packets of its tuple still count, its end reason stays.
     */
    public void startLinger(EndReason reason) {
        status |= LINGERING | (reason == EndReason.RST ? CLOSED_BY_RESET : 0);
        closeNanos = lastNanos;
    }

    /** Whether the flow has closed and lingers ({@link #startLinger}). */
    public boolean isLingering() {
        return (status & LINGERING) != 0;
    }

    /** Why a lingering flow ended: {@link EndReason#RST} or {@link EndReason#FIN}. */
    public EndReason closeReason() {
        return (status & CLOSED_BY_RESET) != 0 ? EndReason.RST : EndReason.FIN;
    }

    /**
     * Epoch nanoseconds at which a lingering flow leaves the table: {@code lingerNanos} after its close, or earlier
     * at its idle or active deadline, so that lingering never keeps a flow longer than the timeouts keep an open one.
     */
    public long lingerEndNanos(long idleTimeoutNanos, long activeTimeoutNanos, long lingerNanos) {
        return Math.min(saturatedAdd(closeNanos, lingerNanos), deadlineNanos(idleTimeoutNanos, activeTimeoutNanos));
    }

    /** Whether the flow's early (partial) record was emitted. */
    public boolean earlyRecordSent() {
        return (status & EARLY_RECORD_SENT) != 0;
    }

    /** Notes that the flow's early (partial) record was emitted. */
    public void markEarlyRecordSent() {
        status |= EARLY_RECORD_SENT;
    }

    /** Epoch nanoseconds at which the flow expires if no packet comes: idle or active timeout, whichever first. */
    public long deadlineNanos(long idleTimeoutNanos, long activeTimeoutNanos) {
        return Math.min(saturatedAdd(lastNanos, idleTimeoutNanos), saturatedAdd(firstNanos, activeTimeoutNanos));
    }

    /** Why the flow expires at its deadline. */
    public EndReason timeoutReason(long idleTimeoutNanos, long activeTimeoutNanos) {
        return saturatedAdd(lastNanos, idleTimeoutNanos) <= saturatedAdd(firstNanos, activeTimeoutNanos)
                ? EndReason.IDLE : EndReason.ACTIVE;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    public boolean forwardIsA() { return forwardIsA; }
    @Override public long firstNanos() { return firstNanos; }
    @Override public long lastNanos() { return lastNanos; }
    /** Packets in the flow. */
    public long packets() { return forwardPackets + backwardPackets; }
    @Override public long forwardPackets() { return forwardPackets; }
    @Override public long backwardPackets() { return backwardPackets; }
    @Override public int protocol() { return protocol; }
    /** The plugins whose states the flow keeps. */
    public FeatureLayout layout() { return layout; }
}
