package io.flowmeter.feature;

import java.io.Serializable;

/** The options some plugins take: how many first packets to describe, and where activity periods split. */
public final class FeatureConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The most first packets a flow keeps the sizes, gaps and directions of. */
    public static final int MAX_FIRST_PACKETS = 255;
    public static final int DEFAULT_FIRST_PACKETS = 10;
    public static final long DEFAULT_ACTIVITY_TIMEOUT_NANOS = 5_000_000_000L;

    private final int firstPackets;
    private final long activityTimeoutNanos;

    public FeatureConfig(int firstPackets, long activityTimeoutNanos) {
        if (firstPackets < 0 || firstPackets > MAX_FIRST_PACKETS) {
            throw new IllegalArgumentException("the first-packet count must be 0 to " + MAX_FIRST_PACKETS);
        }
        if (activityTimeoutNanos <= 0) {
            throw new IllegalArgumentException("the activity timeout must be positive");
        }
        this.firstPackets = firstPackets;
        this.activityTimeoutNanos = activityTimeoutNanos;
    }

    public static FeatureConfig defaults() {
        return new FeatureConfig(DEFAULT_FIRST_PACKETS, DEFAULT_ACTIVITY_TIMEOUT_NANOS);
    }

    /** How many first packets the first-packets plugin describes. */
    public int firstPackets() { return firstPackets; }
    /** A gap longer than this ends an active period (activity plugin). */
    public long activityTimeoutNanos() { return activityTimeoutNanos; }
}
