package io.flowmeter.packet;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The compact packet record every source produces: the decoded fields a flow needs, never the frame bytes.
 *
 * <p>Addresses are held as two longs each: an IPv4 address sits in the low 32 bits of {@code srcLo}/{@code
 * dstLo} with the high words zero, an IPv6 address fills both. Ports are 0 for protocols without ports.
 *
 * <p>The same type also carries the per-file markers {@link PacketKind#FILE_DONE} and {@link
 * PacketKind#FILE_CORRUPT}, so that counts and errors of a file travel in order with its packets; markers are
 * consumed before the packets are keyed into flows.
 *
 * <p>Mutable on purpose: decoders fill a record in place. Serialized by {@link PacketRecordSerializer}.
 */
@TypeInfo(PacketRecordTypeInfoFactory.class)
public final class PacketRecord {

    /** TCP flag bits as in the TCP header's flags byte; NS is bit 8. */
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    public static final int TCP_URG = 0x20;
    public static final int TCP_ECE = 0x40;
    public static final int TCP_CWR = 0x80;
    public static final int TCP_NS = 0x100;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;
    public static final int PROTO_SCTP = 132;

    private PacketKind kind = PacketKind.IP;
    private long timestampNanos;
    private int wireLength;
    private int capturedLength;
    private int ipVersion;
    private int protocol;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int srcPort;
    private int dstPort;
    private int tcpFlags;
    private int tcpWindow;
    /** The TCP sequence number, as the 32 bits of the header (compare with ==, never order). */
    private int tcpSeq;
    private int ipPayloadLength;
    private int transportHeaderLength;
    /** ICMP or ICMPv6 type and code as {@code type << 8 | code}; -1 for other packets. */
    private int icmpTypeCode = -1;

    /** Values of {@link HeaderField}, by ordinal. */
    private final int[] headerFields = new int[HeaderField.VALUES.length];

    /**
     * The frame's captured bytes (from the link-layer header on) and link type, kept only by a decoder that keeps
     * frames ({@code PacketDecoder#keepingFrames}), for forwarding to deep inspection; length -1 otherwise. The
     * array is reused from packet to packet and may be longer than the frame.
     */
    private byte[] frame;
    private int frameLength = -1;
    private int linkType;

    // Marker fields, set only on FILE_DONE / FILE_CORRUPT.
    private String file;
    private String error;
    private long fileBytes;

    /** Clears every field, so a reused record never leaks values of the previous packet. */
    public PacketRecord reset() {
        kind = PacketKind.IP;
        timestampNanos = 0;
        wireLength = 0;
        capturedLength = 0;
        ipVersion = 0;
        protocol = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = 0;
        tcpFlags = tcpWindow = tcpSeq = 0;
        ipPayloadLength = transportHeaderLength = 0;
        icmpTypeCode = -1;
        java.util.Arrays.fill(headerFields, 0);
        frameLength = -1;
        linkType = 0;
        file = null;
        error = null;
        fileBytes = 0;
        return this;
    }

    /** Turns this record into a marker saying that {@code file} was read to its end. */
    public PacketRecord markFileDone(String file, long bytes) {
        reset();
        this.kind = PacketKind.FILE_DONE;
        this.file = file;
        this.fileBytes = bytes;
        this.timestampNanos = Long.MIN_VALUE;
        return this;
    }

    /** Turns this record into a {@link PacketKind#TIME} record of its own capture time. */
    public PacketRecord markTime() {
        long nanos = timestampNanos;
        reset();
        this.kind = PacketKind.TIME;
        this.timestampNanos = nanos;
        return this;
    }

    /** Turns this record into a marker saying that {@code file} stopped at a defect described by {@code error}. */
    public PacketRecord markFileCorrupt(String file, String error, long bytes) {
        markFileDone(file, bytes);
        this.kind = PacketKind.FILE_CORRUPT;
        this.error = error;
        return this;
    }

    public PacketKind getKind() { return kind; }
    public void setKind(PacketKind kind) { this.kind = kind; }
    public long getTimestampNanos() { return timestampNanos; }
    public void setTimestampNanos(long timestampNanos) { this.timestampNanos = timestampNanos; }
    /** The frame's original length on the wire (link header included), as tshark's {@code frame.len}. */
    public int getWireLength() { return wireLength; }
    public void setWireLength(int wireLength) { this.wireLength = wireLength; }
    /** How many bytes of the frame the capture holds (at most the wire length, cut by the snap length). */
    public int getCapturedLength() { return capturedLength; }
    public void setCapturedLength(int capturedLength) { this.capturedLength = capturedLength; }
    public int getIpVersion() { return ipVersion; }
    public void setIpVersion(int ipVersion) { this.ipVersion = ipVersion; }
    /** IANA protocol number of the transport (after IPv6 extension headers). */
    public int getProtocol() { return protocol; }
    public void setProtocol(int protocol) { this.protocol = protocol; }
    public long getSrcHi() { return srcHi; }
    public long getSrcLo() { return srcLo; }
    public long getDstHi() { return dstHi; }
    public long getDstLo() { return dstLo; }
    public void setSrc(long hi, long lo) { this.srcHi = hi; this.srcLo = lo; }
    public void setDst(long hi, long lo) { this.dstHi = hi; this.dstLo = lo; }
    public int getSrcPort() { return srcPort; }
    public void setSrcPort(int srcPort) { this.srcPort = srcPort; }
    public int getDstPort() { return dstPort; }
    public void setDstPort(int dstPort) { this.dstPort = dstPort; }
    public int getTcpFlags() { return tcpFlags; }
    public void setTcpFlags(int tcpFlags) { this.tcpFlags = tcpFlags; }
    public boolean hasTcpFlag(int flag) { return (tcpFlags & flag) != 0; }
    public int getTcpWindow() { return tcpWindow; }
    public void setTcpWindow(int tcpWindow) { this.tcpWindow = tcpWindow; }
    /** The TCP sequence number's 32 bits (0 for other protocols). */
    public int getTcpSeq() { return tcpSeq; }
    public void setTcpSeq(int tcpSeq) { this.tcpSeq = tcpSeq; }
    /** Bytes after the IP header(s), by the IP length fields: transport header plus payload. */
    public int getIpPayloadLength() { return ipPayloadLength; }
    public void setIpPayloadLength(int ipPayloadLength) { this.ipPayloadLength = ipPayloadLength; }
    /** Length of the TCP or UDP header, 0 where none was decoded (other protocols, non-first fragments). */
    public int getTransportHeaderLength() { return transportHeaderLength; }
    public void setTransportHeaderLength(int transportHeaderLength) { this.transportHeaderLength = transportHeaderLength; }
    /** ICMP or ICMPv6 type and code as {@code type << 8 | code}; -1 for other packets. */
    public int getIcmpTypeCode() { return icmpTypeCode; }
    public void setIcmpTypeCode(int icmpTypeCode) { this.icmpTypeCode = icmpTypeCode; }
    /** A header field a feature plugin reads ({@link HeaderField}); 0 where the packet has none. */
    public int getHeaderField(HeaderField field) { return headerFields[field.ordinal()]; }
    public void setHeaderField(HeaderField field, int value) { headerFields[field.ordinal()] = value; }
    /** Whether the record holds its frame's bytes ({@link #setFrame}). */
    public boolean hasFrame() { return frameLength >= 0; }
    /** The frame's bytes, valid up to {@link #getFrameLength()}; only when {@link #hasFrame()}. */
    public byte[] getFrame() { return frame; }
    public int getFrameLength() { return frameLength; }
    /** The tcpdump.org {@code LINKTYPE_} of the frame's bytes; only when {@link #hasFrame()}. */
    public int getLinkType() { return linkType; }

    /** The record's frame array, at least {@code length} long (to read a frame into before {@link #setFrame}). */
    public byte[] frameBuffer(int length) {
        if (frame == null || frame.length < length) {
            frame = new byte[Math.max(length, 128)];
        }
        return frame;
    }

    /** Keeps a copy of {@code length} frame bytes from {@code bytes[offset]}, of link type {@code linkType}. */
    public void setFrame(byte[] bytes, int offset, int length, int linkType) {
        byte[] target = frameBuffer(length);
        if (bytes != target || offset != 0) {
            System.arraycopy(bytes, offset, target, 0, length);
        }
        this.frameLength = length;
        this.linkType = linkType;
    }

    public String getFile() { return file; }
    public void setFile(String file) { this.file = file; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public long getFileBytes() { return fileBytes; }
    public void setFileBytes(long fileBytes) { this.fileBytes = fileBytes; }

    /** Copies every field of {@code other} into this record. */
    public PacketRecord copyFrom(PacketRecord other) {
        kind = other.kind;
        timestampNanos = other.timestampNanos;
        wireLength = other.wireLength;
        capturedLength = other.capturedLength;
        ipVersion = other.ipVersion;
        protocol = other.protocol;
        srcHi = other.srcHi;
        srcLo = other.srcLo;
        dstHi = other.dstHi;
        dstLo = other.dstLo;
        srcPort = other.srcPort;
        dstPort = other.dstPort;
        tcpFlags = other.tcpFlags;
        tcpWindow = other.tcpWindow;
        tcpSeq = other.tcpSeq;
        ipPayloadLength = other.ipPayloadLength;
        transportHeaderLength = other.transportHeaderLength;
        icmpTypeCode = other.icmpTypeCode;
        System.arraycopy(other.headerFields, 0, headerFields, 0, headerFields.length);
        if (other.hasFrame()) {
            setFrame(other.frame, 0, other.frameLength, other.linkType);
        } else {
            frameLength = -1;
            linkType = 0;
        }
        file = other.file;
        error = other.error;
        fileBytes = other.fileBytes;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof PacketRecord)) return false;
        PacketRecord r = (PacketRecord) o;
        return kind == r.kind && timestampNanos == r.timestampNanos && wireLength == r.wireLength
                && capturedLength == r.capturedLength && ipVersion == r.ipVersion && protocol == r.protocol
                && srcHi == r.srcHi && srcLo == r.srcLo && dstHi == r.dstHi && dstLo == r.dstLo
                && srcPort == r.srcPort && dstPort == r.dstPort && tcpFlags == r.tcpFlags
                && tcpWindow == r.tcpWindow && tcpSeq == r.tcpSeq && ipPayloadLength == r.ipPayloadLength
                && transportHeaderLength == r.transportHeaderLength && icmpTypeCode == r.icmpTypeCode
                && java.util.Arrays.equals(headerFields, r.headerFields)
                && frameLength == r.frameLength && linkType == r.linkType
                && (frameLength < 0 || java.util.Arrays.equals(frame, 0, frameLength, r.frame, 0, frameLength))
                && java.util.Objects.equals(file, r.file)
                && java.util.Objects.equals(error, r.error) && fileBytes == r.fileBytes;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, timestampNanos, srcLo, dstLo, srcPort, dstPort, protocol);
    }

    @Override
    public String toString() {
        if (kind.isMarker()) {
            return kind + "{file=" + file + ", bytes=" + fileBytes
                    + (error == null ? "" : ", error=" + error) + '}';
        }
        return kind + "{ts=" + timestampNanos + ", len=" + wireLength + ", v" + ipVersion + ", proto=" + protocol
                + ", " + IpAddresses.format(ipVersion, srcHi, srcLo) + ':' + srcPort + " > "
                + IpAddresses.format(ipVersion, dstHi, dstLo) + ':' + dstPort + ", flags=0x"
                + Integer.toHexString(tcpFlags) + '}';
    }
}
