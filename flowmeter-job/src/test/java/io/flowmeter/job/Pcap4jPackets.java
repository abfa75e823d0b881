package io.flowmeter.job;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.packet.PacketRecord;

import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP and UDP packets of a capture as libpcap reads them and pcap4j decodes them, grouped by 5-tuple: an
 * oracle for the flow features that shares no code with this project's reader and decoder. A tuple's endpoint
 * "A" is the one whose {@code address#port} sorts first.
 */
final class Pcap4jPackets {

    private Pcap4jPackets() {}

    /** One packet: what the features are computed from. */
    static final class Pcap4jPacket {
        long nanos;
        int wireLength;
        boolean fromA;
        int protocol;
        /** TCP flags in {@link PacketRecord}'s bit layout (FIN 0x01 ... CWR 0x80); 0 for UDP. */
        int tcpFlags;
        /** TCP header (data offset) or the 8-byte UDP header. */
        int headerLength;
        /** Bytes after the transport header, from the headers' length fields (right even when snapped). */
        long payloadLength;
        /** The TCP window; 0 for UDP. */
        int window;
        /** The IPv4 TTL or the IPv6 hop limit. */
        int ttl;
    }

    /** Every TCP/UDP packet of {@code capture}, by tuple key ({@link #tupleKey}), in capture order. */
    static Map<String, List<Pcap4jPacket>> byTuple(java.nio.file.Path capture) throws Exception {
        Map<String, List<Pcap4jPacket>> byTuple = new HashMap<>();
        PcapHandle handle = Pcaps.openOffline(capture.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            Packet packet;
            while ((packet = handle.getNextPacket()) != null) {
                IpPacket ip = packet.get(IpPacket.class);
                TcpPacket tcp = packet.get(TcpPacket.class);
                UdpPacket udp = packet.get(UdpPacket.class);
                if (ip == null || (tcp == null && udp == null)) {
                    continue;
                }
                java.sql.Timestamp ts = handle.getTimestamp();
                Pcap4jPacket p = new Pcap4jPacket();
                p.nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                p.wireLength = handle.getOriginalLength();
                p.protocol = tcp != null ? PacketRecord.PROTO_TCP : PacketRecord.PROTO_UDP;
                int srcPort;
                int dstPort;
                if (tcp != null) {
                    TcpPacket.TcpHeader h = tcp.getHeader();
                    srcPort = h.getSrcPort().valueAsInt();
                    dstPort = h.getDstPort().valueAsInt();
                    p.headerLength = h.getDataOffsetAsInt() * 4;
                    p.window = h.getWindowAsInt();
                    // pcap4j keeps RFC 793's six reserved bits; ECE and CWR are their two lowest (RFC 3168)
                    p.tcpFlags = (h.getFin() ? PacketRecord.TCP_FIN : 0) | (h.getSyn() ? PacketRecord.TCP_SYN : 0)
                            | (h.getRst() ? PacketRecord.TCP_RST : 0) | (h.getPsh() ? PacketRecord.TCP_PSH : 0)
                            | (h.getAck() ? PacketRecord.TCP_ACK : 0) | (h.getUrg() ? PacketRecord.TCP_URG : 0)
                            | ((h.getReserved() & 1) != 0 ? PacketRecord.TCP_ECE : 0)
                            | ((h.getReserved() & 2) != 0 ? PacketRecord.TCP_CWR : 0);
                    p.payloadLength = Math.max(0, ipPayloadLength(ip, tcp) - p.headerLength);
                } else {
                    srcPort = udp.getHeader().getSrcPort().valueAsInt();
                    dstPort = udp.getHeader().getDstPort().valueAsInt();
                    p.headerLength = 8;
                    p.payloadLength = Math.max(0, ipPayloadLength(ip, udp) - 8);
                }
                p.ttl = ip instanceof IpV4Packet ? ((IpV4Packet) ip).getHeader().getTtlAsInt()
                        : ((IpV6Packet) ip).getHeader().getHopLimitAsInt();
                InetAddress src = ip.getHeader().getSrcAddr();
                InetAddress dst = ip.getHeader().getDstAddr();
                p.fromA = isA(src, srcPort, dst, dstPort);
                String key = p.fromA ? tupleKey(p.protocol, src, srcPort, dst, dstPort)
                        : tupleKey(p.protocol, dst, dstPort, src, srcPort);
                byTuple.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
        } finally {
            handle.close();
        }
        return byTuple;
    }

    /** The length of the transport segment from the IP header's length fields, less IPv6 extension headers. */
    private static long ipPayloadLength(IpPacket ip, Packet transport) {
        if (ip instanceof IpV4Packet) {
            IpV4Packet.IpV4Header h = ((IpV4Packet) ip).getHeader();
            return h.getTotalLengthAsInt() - h.getIhlAsInt() * 4;
        }
        IpV6Packet v6 = (IpV6Packet) ip;
        int extensionHeaders = v6.getPayload().length() - transport.length();
        return v6.getHeader().getPayloadLengthAsInt() - extensionHeaders;
    }

    /** TCP and UDP flows by tuple key. */
    static Map<String, List<FlowRecord>> flowsByTuple(List<FlowRecord> flows) {
        Map<String, List<FlowRecord>> byTuple = new HashMap<>();
        for (FlowRecord f : flows) {
            if (f.protocol != PacketRecord.PROTO_TCP && f.protocol != PacketRecord.PROTO_UDP) {
                continue;
            }
            byTuple.computeIfAbsent(tupleKey(f.protocol, f.srcIp, f.srcPort, f.dstIp, f.dstPort),
                    k -> new ArrayList<>()).add(f);
        }
        return byTuple;
    }

    /** The tuple key ({@link #byTuple}) of a flow or packet from {@code src} to {@code dst}. */
    static String tupleKey(int protocol, String src, int srcPort, String dst, int dstPort) {
        InetAddress a = address(src);
        InetAddress b = address(dst);
        return isA(a, srcPort, b, dstPort) ? tupleKey(protocol, a, srcPort, b, dstPort)
                : tupleKey(protocol, b, dstPort, a, srcPort);
    }

    /** Whether the flow's source is the tuple's endpoint A. */
    static boolean sourceIsA(FlowRecord f) {
        return isA(address(f.srcIp), f.srcPort, address(f.dstIp), f.dstPort);
    }

    static boolean isA(InetAddress a, int aPort, InetAddress b, int bPort) {
        String left = a.getHostAddress() + "#" + aPort;
        String right = b.getHostAddress() + "#" + bPort;
        return left.compareTo(right) <= 0;
    }

    static String tupleKey(int protocol, InetAddress a, int aPort, InetAddress b, int bPort) {
        return protocol + " " + a.getHostAddress() + " " + aPort + " " + b.getHostAddress() + " " + bPort;
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
