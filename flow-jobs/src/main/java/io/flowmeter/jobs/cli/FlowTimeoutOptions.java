package io.flowmeter.jobs.cli;

import io.flowmeter.flow.FlowSettings;

import picocli.CommandLine.Option;

/**
 * When a flow ends, as both {@code bin/flowmeter} and {@code bin/flowmeter-train} (on captures) take it: the idle
 * and active timeouts and the TCP linger, with {@link FlowSettings}' defaults.
 */
public final class FlowTimeoutOptions {

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            defaultValue = "" + FlowSettings.DEFAULT_IDLE_TIMEOUT_SECONDS,
            description = "A flow ends when no packet comes for this long (capture time). Default: ${DEFAULT-VALUE}.")
    double idleTimeoutSeconds = FlowSettings.DEFAULT_IDLE_TIMEOUT_SECONDS;

    @Option(names = "--active-timeout", paramLabel = "SECONDS",
            defaultValue = "" + FlowSettings.DEFAULT_ACTIVE_TIMEOUT_SECONDS,
            description = "A flow ends once it has lasted this long; its next packet starts a new flow. "
                    + "Default: ${DEFAULT-VALUE}.")
    double activeTimeoutSeconds = FlowSettings.DEFAULT_ACTIVE_TIMEOUT_SECONDS;

    @Option(names = "--tcp-linger", paramLabel = "SECONDS", defaultValue = "" + FlowSettings.DEFAULT_TCP_LINGER_SECONDS,
            description = "A TCP flow closed by RST or FIN keeps the packets of its connection that follow the close"
                    + " (the peer's last ACK, a retransmitted FIN, another RST) for this long (capture time), so"
                    + " that they do not become flows of their own; its record is written once the linger has passed."
                    + " 0 writes a closed flow at once. Default: ${DEFAULT-VALUE}.")
    double tcpLingerSeconds = FlowSettings.DEFAULT_TCP_LINGER_SECONDS;

    /** Flow settings with these timeouts and {@code minPackets}, checked. */
    public FlowSettings settings(Usage usage, int minPackets) {
        return new FlowSettings(usage.seconds("--idle-timeout", idleTimeoutSeconds, false),
                usage.seconds("--active-timeout", activeTimeoutSeconds, false), minPackets)
                .withTcpLinger(usage.seconds("--tcp-linger", tcpLingerSeconds, true));
    }
}
