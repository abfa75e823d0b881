package io.flowmeter.job;

import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The IP fragments of a capture as libpcap reads them and pcap4j decodes them, and what tshark makes of them: it
 * reassembles each datagram and counts it once, as the frame that completed it (with only that frame's length),
 * where a flow counts every fragment with its own length. For each tuple whose datagrams were fragmented, this
 * gives the frames to take out of tshark's conversation and the frames to put in, per direction, so that a
 * conversation can be compared with a flow exactly, fragments and all.
 */
final class Pcap4jFragments {

    /** What to change in a tuple's conversation to count fragments as a flow does. */
    static final class Adjustment {
        long packetsAtoB;
        long bytesAtoB;
        long packetsBtoA;
        long bytesBtoA;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;
    }

    private Pcap4jFragments() {}

    /** The adjustments of every tuple with fragmented datagrams, by {@link Pcap4jPackets#tupleKey}; often empty. */
    static Map<String, Adjustment> of(java.nio.file.Path capture) throws Exception {
        Map<String, Datagram> datagrams = new HashMap<>();
        PcapHandle handle = Pcaps.openOffline(capture.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            Packet packet;
            while ((packet = handle.getNextPacket()) != null) {
                Fragment fragment = fragment(packet);
                if (fragment == null) {
                    continue;
                }
                java.sql.Timestamp ts = handle.getTimestamp();
                fragment.nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                fragment.wireLength = handle.getOriginalLength();
                datagrams.computeIfAbsent(fragment.datagram, k -> new Datagram()).add(fragment);
            }
        } finally {
            handle.close();
        }
        Map<String, Adjustment> byTuple = new HashMap<>();
        for (Datagram d : datagrams.values()) {
            if (d.tuple == null) {
                continue; // no first fragment: neither tshark nor a flow can tell its ports
            }
            Adjustment a = byTuple.computeIfAbsent(d.tuple, k -> new Adjustment());
            for (Fragment f : d.fragments) {
                count(a, d.fromA, 1, f.wireLength);
                a.firstNanos = Math.min(a.firstNanos, f.nanos);
                a.lastNanos = Math.max(a.lastNanos, f.nanos);
            }
            if (d.completedBy != null) {
                count(a, d.fromA, -1, -d.completedBy.wireLength);
            }
        }
        return byTuple;
    }

    private static void count(Adjustment a, boolean fromA, long packets, long bytes) {
        if (fromA) {
            a.packetsAtoB += packets;
            a.bytesAtoB += bytes;
        } else {
            a.packetsBtoA += packets;
            a.bytesBtoA += bytes;
        }
    }

    /** One fragment: where its bytes go in the datagram. */
    private static final class Fragment {
        String datagram;
        int offset;
        int length;
        boolean more;
        long nanos;
        int wireLength;
        /** From the first fragment: the datagram's tuple and direction. */
        String tuple;
        boolean fromA;
    }

    /** The fragments of one datagram, and the one that completed it, as a reassembler sees them in capture order. */
    private static final class Datagram {
        final List<Fragment> fragments = new ArrayList<>();
        /** Covered byte ranges, start to end. */
        final TreeMap<Integer, Integer> covered = new TreeMap<>();
        int end = -1;
        Fragment completedBy;
        String tuple;
        boolean fromA;

        void add(Fragment f) {
            fragments.add(f);
            if (f.tuple != null && tuple == null) {
                tuple = f.tuple;
                fromA = f.fromA;
            }
            if (completedBy != null) {
                return; // a duplicate after reassembly: tshark counts it in no conversation
            }
            if (!f.more) {
                end = f.offset + f.length;
            }
            covered.merge(f.offset, f.offset + f.length, Math::max);
            if (end >= 0 && coveredUpTo() >= end) {
                completedBy = f;
            }
        }

        private int coveredUpTo() {
            int reach = 0;
            for (Map.Entry<Integer, Integer> range : covered.entrySet()) {
                if (range.getKey() > reach) {
                    return reach;
                }
                reach = Math.max(reach, range.getValue());
            }
            return reach;
        }
    }

    /** The fragment a frame carries, or null when it is a whole datagram or not IP. */
    private static Fragment fragment(Packet packet) {
        Fragment f = new Fragment();
        InetAddress src;
        InetAddress dst;
        int protocol;
        Packet payload;
        IpV4Packet v4 = packet.get(IpV4Packet.class);
        IpV6ExtFragmentPacket v6Fragment = packet.get(IpV6ExtFragmentPacket.class);
        if (v4 != null) {
            IpV4Packet.IpV4Header h = v4.getHeader();
            if (!h.getMoreFragmentFlag() && h.getFragmentOffset() == 0) {
                return null;
            }
            f.offset = h.getFragmentOffset() * 8;
            f.length = h.getTotalLengthAsInt() - h.getIhlAsInt() * 4;
            f.more = h.getMoreFragmentFlag();
            src = h.getSrcAddr();
            dst = h.getDstAddr();
            protocol = h.getProtocol().value() & 0xFF;
            f.datagram = "4 " + src.getHostAddress() + " " + dst.getHostAddress() + " " + protocol + " "
                    + h.getIdentificationAsInt();
            payload = v4.getPayload();
        } else if (v6Fragment != null) {
            IpV6Packet v6 = packet.get(IpV6Packet.class);
            IpV6ExtFragmentPacket.IpV6ExtFragmentHeader h = v6Fragment.getHeader();
            f.offset = h.getFragmentOffset() * 8;
            f.length = v6Fragment.getPayload() == null ? 0 : v6Fragment.getPayload().length();
            f.more = h.getM();
            src = v6.getHeader().getSrcAddr();
            dst = v6.getHeader().getDstAddr();
            protocol = h.getNextHeader().value() & 0xFF;
            f.datagram = "6 " + src.getHostAddress() + " " + dst.getHostAddress() + " " + h.getIdentification();
            payload = v6Fragment.getPayload();
        } else {
            return null;
        }
        if (f.offset == 0 && payload != null) {
            int[] ports = ports(protocol, payload);
            if (ports != null) {
                f.fromA = Pcap4jPackets.isA(src, ports[0], dst, ports[1]);
                f.tuple = f.fromA ? Pcap4jPackets.tupleKey(protocol, src, ports[0], dst, ports[1])
                        : Pcap4jPackets.tupleKey(protocol, dst, ports[1], src, ports[0]);
            }
        }
        return f;
    }

    /** The ports at the start of a first fragment's payload: pcap4j may not decode a cut-short segment. */
    private static int[] ports(int protocol, Packet payload) {
        if (protocol != 6 && protocol != 17) {
            return null;
        }
        TcpPacket tcp = payload.get(TcpPacket.class);
        if (tcp != null) {
            return new int[] {tcp.getHeader().getSrcPort().valueAsInt(), tcp.getHeader().getDstPort().valueAsInt()};
        }
        UdpPacket udp = payload.get(UdpPacket.class);
        if (udp != null) {
            return new int[] {udp.getHeader().getSrcPort().valueAsInt(), udp.getHeader().getDstPort().valueAsInt()};
        }
        byte[] raw = payload.getRawData();
        if (raw.length < 4) {
            return null;
        }
        return new int[] {(raw[0] & 0xFF) << 8 | (raw[1] & 0xFF), (raw[2] & 0xFF) << 8 | (raw[3] & 0xFF)};
    }
}
