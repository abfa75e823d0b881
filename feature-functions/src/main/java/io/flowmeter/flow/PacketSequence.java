package io.flowmeter.flow;

/**
 * The sizes, gaps and directions of a flow's first packets (sequence of packet lengths and times, as NFStream's
 * and Joy's SPLT): a fixed number of slots, filled by the first packets and then left alone.
 */
public final class PacketSequence {

    final int[] sizes;
    final long[] gapNanos;
    final boolean[] forward;
    int length;

    PacketSequence(int capacity) {
        sizes = new int[capacity];
        gapNanos = new long[capacity];
        forward = new boolean[capacity];
    }

    void add(int size, long gap, boolean isForward) {
        if (length < sizes.length) {
            sizes[length] = size;
            gapNanos[length] = gap;
            forward[length] = isForward;
            length++;
        }
    }

    /** The first packets change sides: the flow's initiator turned out to be the other endpoint. */
    void swapDirections() {
        for (int i = 0; i < length; i++) {
            forward[i] = !forward[i];
        }
    }

    public int capacity() { return sizes.length; }
    /** How many slots are filled: the packet count, up to the capacity. */
    public int length() { return length; }
    public int size(int i) { return sizes[i]; }
    /** 0 for the first packet. */
    public long gapNanos(int i) { return gapNanos[i]; }
    public boolean isForward(int i) { return forward[i]; }
}
