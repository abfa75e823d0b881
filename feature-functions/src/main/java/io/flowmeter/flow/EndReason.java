package io.flowmeter.flow;

import java.util.Locale;

/** Why a flow record was emitted. */
public enum EndReason {
    /** A TCP RST was seen. */
    RST,
    /** Both sides sent FIN and the last ACK was seen, or a SYN reused the tuple of such a connection. */
    FIN,
    /** No packet for the idle timeout. */
    IDLE,
    /** The flow lasted the active timeout; its next packet starts a new flow. */
    ACTIVE,
    /** The input ended with the flow still open. */
    EOF;

    /** The name written in outputs: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
