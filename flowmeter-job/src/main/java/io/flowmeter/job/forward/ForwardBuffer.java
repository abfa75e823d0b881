package io.flowmeter.job.forward;

import java.io.Serializable;

/**
 * The bounds of the forwarding stage ({@code --forward-buffer-packets}, {@code --forward-buffer-bytes},
 * {@code --forward-all-after}): how much of a flow is kept while it waits for a verdict, and after how many frames
 * an unscored flow is forwarded anyway (0: never).
 */
public final class ForwardBuffer implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_PACKETS = 64;
    public static final int DEFAULT_BYTES = 128 * 1024;

    final int maxPackets;
    final long maxBytes;
    final int forwardAllAfter;

    public ForwardBuffer(int maxPackets, long maxBytes, int forwardAllAfter) {
        if (maxPackets < 0 || maxBytes < 0 || forwardAllAfter < 0) {
            throw new IllegalArgumentException("forwarding bounds must not be negative");
        }
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
        this.forwardAllAfter = forwardAllAfter;
    }

    public static ForwardBuffer defaults() {
        return new ForwardBuffer(DEFAULT_PACKETS, DEFAULT_BYTES, 0);
    }

    /** Whether a frame of {@code bytes} still fits beside what {@code flow} has buffered. */
    boolean fits(ForwardingFlow flow, int bytes) {
        return flow.bufferedFrames < maxPackets && flow.bufferedBytes + bytes <= maxBytes;
    }

    /** Whether an unscored flow that has had {@code frames} frames goes on to deep inspection anyway. */
    boolean forwardUnscored(int frames) {
        return forwardAllAfter > 0 && frames >= forwardAllAfter;
    }
}
