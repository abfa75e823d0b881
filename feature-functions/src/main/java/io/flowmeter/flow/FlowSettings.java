package io.flowmeter.flow;

import java.io.Serializable;
import java.time.Duration;

/**
 * When flows end and which are kept: timeouts, the minimum packet count, and when a long flow gets an early
 * (partial) record. Immutable.
 */
public final class FlowSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_ACTIVE_TIMEOUT = Duration.ofSeconds(1800);

    private final long idleTimeoutNanos;
    private final long activeTimeoutNanos;
    private final int minPackets;
    private final long earlyRecordPackets;
    private final long earlyRecordNanos;
    private final long maxFlows;

    public FlowSettings(Duration idleTimeout, Duration activeTimeout, int minPackets) {
        this(idleTimeout, activeTimeout, minPackets, 0, Duration.ZERO, 0);
    }

    private FlowSettings(Duration idleTimeout, Duration activeTimeout, int minPackets, long earlyRecordPackets,
            Duration earlyRecordAfter, long maxFlows) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || activeTimeout.isNegative() || activeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (minPackets < 0) {
            throw new IllegalArgumentException("minimum packet count must not be negative");
        }
        this.idleTimeoutNanos = saturatedNanos(idleTimeout);
        this.activeTimeoutNanos = saturatedNanos(activeTimeout);
        this.minPackets = minPackets;
        if (earlyRecordPackets < 0 || earlyRecordAfter.isNegative()) {
            throw new IllegalArgumentException("early record thresholds must not be negative");
        }
        this.earlyRecordPackets = earlyRecordPackets;
        this.earlyRecordNanos = saturatedNanos(earlyRecordAfter);
        if (maxFlows < 0) {
            throw new IllegalArgumentException("maximum flow count must not be negative");
        }
        this.maxFlows = maxFlows;
    }

    /**
     * These settings, plus one early record ({@link EndReason#PARTIAL}) of each flow still open once it has
     * {@code packets} packets or, at a packet, has lasted {@code after}, whichever comes first. 0 turns a
     * threshold off.
     */
    public FlowSettings withEarlyRecord(long packets, Duration after) {
        return new FlowSettings(Duration.ofNanos(idleTimeoutNanos), Duration.ofNanos(activeTimeoutNanos), minPackets,
                packets, after, maxFlows);
    }

    /**
     * These settings with a flow table of at most {@code maxFlows} open flows in all (0: no limit), shared evenly
     * by the flow subtasks. When a subtask's share is full, a packet that would start a new flow is not admitted:
     * it is emitted at once as a one-packet flow ended {@link EndReason#EVICTED}. Flows already open are never
     * pushed out, so a flood of new tuples cannot evict the connections being measured.
     */
    public FlowSettings withMaxFlows(long maxFlows) {
        return new FlowSettings(Duration.ofNanos(idleTimeoutNanos), Duration.ofNanos(activeTimeoutNanos), minPackets,
                earlyRecordPackets, Duration.ofNanos(earlyRecordNanos), maxFlows);
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

    /** The most flows one of {@code subtasks} flow subtasks may hold open; Long.MAX_VALUE for no limit. */
    public long maxFlowsPerSubtask(int subtasks) {
        return maxFlows == 0 ? Long.MAX_VALUE : Math.max(1, -Math.floorDiv(-maxFlows, subtasks));
    }

    /** Whether a flow open with this many packets, lasting this long, is due its early record. */
    public boolean earlyRecordDue(long packets, long durationNanos) {
        return (earlyRecordPackets > 0 && packets >= earlyRecordPackets)
                || (earlyRecordNanos > 0 && durationNanos >= earlyRecordNanos);
    }
}
