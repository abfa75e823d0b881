package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

/**
 * The extended features of one direction of a flow: TCP flag counts, transport header and payload bytes, the first
 * TCP window, packets carrying data, and bulk transfers. Fixed size.
 *
 * <p>A bulk is a run of at least {@value #BULK_PACKETS} data packets in this direction, each at most
 * {@value #BULK_GAP_NANOS} ns after the latest of the run, with no data packet from the other side since the run
 * began (CICFlowMeter's definition, kept apart per direction as CICFlowMeter meant to).
 */
public final class DirectionDetail {

    /** TCP flags counted: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, bits 0 to 7 of {@link PacketRecord#getTcpFlags}. */
    static final int FLAG_COUNT = 8;
    static final int BULK_PACKETS = 4;
    static final long BULK_GAP_NANOS = 1_000_000_000L;

    final int[] flagCounts = new int[FLAG_COUNT];
    long headerBytes;
    /** Smallest transport header of the direction; -1 before its first packet. */
    int minHeaderBytes = -1;
    final RunningStats payload = new RunningStats();
    long dataPackets;
    /** Capture time of the latest data packet; -1 before the first. */
    long lastDataNanos = -1;
    /** TCP window of the direction's first TCP packet; -1 if none. */
    int initWindow = -1;

    // the bulk being watched: start and last data packet, its packets and bytes so far
    long bulkStartNanos = -1;
    long bulkLastNanos;
    int bulkPacketsSoFar;
    long bulkBytesSoFar;
    // bulks found
    int bulks;
    long bulkPackets;
    long bulkBytes;
    long bulkNanos;

    /** Counts a packet of this direction; {@code otherLastDataNanos}: the latest data packet of the other side. */
    void add(PacketRecord p, long otherLastDataNanos) {
        int header = p.getTransportHeaderLength();
        headerBytes += header;
        minHeaderBytes = minHeaderBytes < 0 ? header : Math.min(minHeaderBytes, header);
        if (p.getProtocol() == PacketRecord.PROTO_TCP) {
            int flags = p.getTcpFlags();
            for (int i = 0; i < FLAG_COUNT; i++) {
                flagCounts[i] += (flags >>> i) & 1;
            }
            if (initWindow < 0) {
                initWindow = p.getTcpWindow();
            }
        }
        long bytes = payloadBytes(p);
        payload.add(bytes);
        if (bytes > 0) {
            dataPackets++;
            trackBulk(p.getTimestampNanos(), bytes, otherLastDataNanos);
            lastDataNanos = Math.max(lastDataNanos, p.getTimestampNanos());
        }
    }

    /** Bytes after the transport header (all of the IP payload for other protocols and later fragments). */
    static long payloadBytes(PacketRecord p) {
        return Math.max(0, p.getIpPayloadLength() - p.getTransportHeaderLength());
    }

    private void trackBulk(long ts, long bytes, long otherLastDataNanos) {
        if (bulkStartNanos >= 0 && (otherLastDataNanos > bulkStartNanos || ts - bulkLastNanos > BULK_GAP_NANOS)) {
            bulkStartNanos = -1; // the other side spoke, or a pause: the run is over
        }
        if (bulkStartNanos < 0) {
            bulkStartNanos = ts;
            bulkLastNanos = ts;
            bulkPacketsSoFar = 1;
            bulkBytesSoFar = bytes;
            return;
        }
        bulkPacketsSoFar++;
        bulkBytesSoFar += bytes;
        if (bulkPacketsSoFar == BULK_PACKETS) {
            bulks++;
            bulkPackets += bulkPacketsSoFar;
            bulkBytes += bulkBytesSoFar;
            bulkNanos += Math.max(0, ts - bulkStartNanos);
        } else if (bulkPacketsSoFar > BULK_PACKETS) {
            bulkPackets++;
            bulkBytes += bytes;
            bulkNanos += Math.max(0, ts - bulkLastNanos);
        }
        bulkLastNanos = Math.max(bulkLastNanos, ts);
    }

    /** The number of packets with TCP flag bit {@code index} set (0 FIN ... 7 CWR). */
    public int flagCount(int index) {
        return flagCounts[index];
    }

    public long headerBytes() { return headerBytes; }
    /** 0 before the direction's first packet. */
    public int minHeaderBytes() { return Math.max(0, minHeaderBytes); }
    public RunningStats payload() { return payload; }
    public long dataPackets() { return dataPackets; }
    /** The first TCP window of this direction; 0 if it sent no TCP packet. */
    public int initWindow() { return Math.max(0, initWindow); }
    public int bulks() { return bulks; }
    public long bulkPackets() { return bulkPackets; }
    public long bulkBytes() { return bulkBytes; }
    public long bulkNanos() { return bulkNanos; }
}
