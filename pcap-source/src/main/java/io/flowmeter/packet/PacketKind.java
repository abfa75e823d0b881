package io.flowmeter.packet;

/** What a {@link PacketRecord} stands for: a flowable IP packet, a frame that is counted only, or a note about a capture file. */
public enum PacketKind {
    /** An IPv4 or IPv6 packet whose addresses (and ports, where the protocol has them) were decoded. */
    IP,
    /** A frame that carries no IP (ARP, LLDP, an unsupported link type...): counted, never flowed. */
    NON_IP,
    /** An IP packet whose headers are cut short or inconsistent: counted, never flowed. */
    MALFORMED,
    /** Marker: a capture file was read to its end. Carries the file name and its size. */
    FILE_DONE,
    /** Marker: a capture file stopped at a defect. Carries the file name and the error (path, offset, reason). */
    FILE_CORRUPT,
    /**
     * A frame another shard keeps, in a sharded read: carries only its capture time, which moves this shard's event
     * time on as it moves a single reader's. Never counted, never flowed.
     */
    TIME;

    private static final PacketKind[] VALUES = values();

    static PacketKind ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** Whether this is a note about a file rather than a packet. */
    public boolean isMarker() {
        return this == FILE_DONE || this == FILE_CORRUPT;
    }
}
