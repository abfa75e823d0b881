package io.flowmeter.flow;

import java.io.Serializable;
import java.time.Duration;

/** When flows end and which are kept: timeouts and the minimum packet count. Immutable. */
public final class FlowSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_ACTIVE_TIMEOUT = Duration.ofSeconds(1800);

    private final long idleTimeoutNanos;
    private final long activeTimeoutNanos;
    private final int minPackets;

    public FlowSettings(Duration idleTimeout, Duration activeTimeout, int minPackets) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || activeTimeout.isNegative() || activeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (minPackets < 0) {
            throw new IllegalArgumentException("minimum packet count must not be negative");
        }
        this.idleTimeoutNanos = saturatedNanos(idleTimeout);
        this.activeTimeoutNanos = saturatedNanos(activeTimeout);
        this.minPackets = minPackets;
    }

    public static FlowSettings defaults() {
        return new FlowSettings(DEFAULT_IDLE_TIMEOUT, DEFAULT_ACTIVE_TIMEOUT, 0);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    public long idleTimeoutNanos() { return idleTimeoutNanos; }
    public long activeTimeoutNanos() { return activeTimeoutNanos; }
    /** Flows with fewer packets are not emitted (0: all are). */
    public int minPackets() { return minPackets; }
}
