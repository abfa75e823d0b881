package io.flowmeter.flow;

import java.util.Locale;

/** Why a flow record was emitted. */
public enum EndReason {
    /** A TCP RST was seen (the packets of the linger after it count in the flow). */
    RST,
    /**
     * Both sides sent FIN and the last ACK was seen (the packets of the linger after it count in the flow), or a new
     * connection reused the tuple after both FINs.
     */
    FIN,
    /**
     * A new connection (a SYN without ACK with a new initial sequence number) reused the tuple of this TCP flow
     * before it closed: a connection attempt the peer never completed, as in a SYN flood from reused ports.
     */
    REUSED,
    /** No packet for the idle timeout. */
    IDLE,
    /** The flow lasted the active timeout; its next packet starts a new flow. */
    ACTIVE,
    /** The input ended with the flow still open. */
    EOF,
    /**
     * The flow table was full ({@link FlowSettings#withMaxFlows}): the packet that would have started this flow
     * was not admitted, and is emitted at once as a flow of its own.
     */
    EVICTED,
    /**
     * Not an end: an early record of a flow still open, for an early verdict on long flows
     * ({@link FlowSettings#withEarlyRecord}). The flow's final record follows with one of the other reasons.
     */
    PARTIAL;

    /** Whether a record with this reason is a flow's final record (every reason but {@link #PARTIAL}). */
    public boolean isFinal() {
        return this != PARTIAL;
    }

    /** The name written in outputs: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
