package io.flowmeter.flow;

import io.flowmeter.packet.IpAddresses;
import io.flowmeter.packet.PacketRecord;


/** Builds decoded packet records directly, for flow tests. */
public final class TestPackets {

    private TestPackets() {}

    public static PacketRecord packet(long nanos, String src, int srcPort, String dst, int dstPort, int protocol, int flags,
            int wireLength) {
        PacketRecord p = new PacketRecord();
        p.setTimestampNanos(nanos);
        p.setWireLength(wireLength);
        p.setCapturedLength(wireLength);
        p.setProtocol(protocol);
        long[] s = address(src);
        long[] d = address(dst);
        p.setIpVersion(src.contains(":") ? 6 : 4);
        p.setSrc(s[0], s[1]);
        p.setDst(d[0], d[1]);
        p.setSrcPort(srcPort);
        p.setDstPort(dstPort);
        p.setTcpFlags(flags);
        return p;
    }

    public static PacketRecord tcp(long nanos, String src, int srcPort, String dst, int dstPort, int flags, int wireLength) {
        return packet(nanos, src, srcPort, dst, dstPort, PacketRecord.PROTO_TCP, flags, wireLength);
    }

    /** {@code p} with TCP sequence number {@code seq}. */
    public static PacketRecord seq(PacketRecord p, int seq) {
        p.setTcpSeq(seq);
        return p;
    }

    /** A TCP segment with {@code payload} bytes after a 20-byte header, IPv4, sized on the wire accordingly. */
    public static PacketRecord tcpSegment(long nanos, String src, int srcPort, String dst, int dstPort, int flags, int window,
            int payload) {
        PacketRecord p = tcp(nanos, src, srcPort, dst, dstPort, flags, 14 + 20 + 20 + payload);
        p.setTcpWindow(window);
        p.setTransportHeaderLength(20);
        p.setIpPayloadLength(20 + payload);
        return p;
    }

    public static PacketRecord udp(long nanos, String src, int srcPort, String dst, int dstPort, int wireLength) {
        return packet(nanos, src, srcPort, dst, dstPort, PacketRecord.PROTO_UDP, 0, wireLength);
    }

    private static long[] address(String text) {
        return IpAddresses.parse(text);
    }
}
