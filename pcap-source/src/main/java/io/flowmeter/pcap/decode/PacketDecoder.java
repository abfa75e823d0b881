package io.flowmeter.pcap.decode;

import io.flowmeter.packet.HeaderField;
import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CapturedFrame;

/**
 * Decodes a captured frame into a {@link PacketRecord}: link layer (Ethernet with stacked 802.1Q/802.1ad tags,
 * Linux cooked v1 and v2, raw IP, BSD NULL and LOOP), IPv4 with options and fragments, IPv6 with extension
 * headers and fragments, the TCP, UDP, ICMP and ICMPv6 headers, and the {@link HeaderField}s that feature plugins
 * read. It reads the frame in place and allocates nothing, except a small table entry per fragmented datagram.
 *
 * <p>One decoder per capture stream: it remembers the ports of fragmented datagrams so that non-first fragments
 * are attributed to their datagram's flow.
 */
public final class PacketDecoder {

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int ETHERTYPE_QINQ_OLD2 = 0x9200;
    private static final int ETHERTYPE_MPLS = 0x8847;
    private static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    private static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final int MAX_STACKED_HEADERS = 8;
    private static final int MAX_IPV6_EXTENSION_HEADERS = 16;
    private static final int DEFAULT_FRAGMENT_TABLE_SIZE = 65_536;

    private final FragmentTable fragments;
    private boolean keepFrames;

    public PacketDecoder() {
        this(DEFAULT_FRAGMENT_TABLE_SIZE);
    }

    PacketDecoder(int fragmentTableSize) {
        this.fragments = new FragmentTable(fragmentTableSize);
    }

    /**
     * This decoder, set to copy each IP packet's frame bytes into its record ({@link PacketRecord#hasFrame}), for
     * forwarding flagged flows; off by default, since the flow job needs only the headers.
     */
    public PacketDecoder keepingFrames(boolean keep) {
        this.keepFrames = keep;
        return this;
    }

    /** Decodes {@code frame} into {@code out}, which is reset first; the kind says what was found. */
    public PacketRecord decode(CapturedFrame frame, PacketRecord out) {
        out.reset();
        out.setTimestampNanos(frame.timestampNanos());
        out.setWireLength(frame.wireLength());
        out.setCapturedLength(frame.capturedLength());
        byte[] b = frame.buffer();
        int start = frame.offset();
        int end = start + frame.capturedLength();
        int kind = decodeLink(frame, b, start, end, out);
        out.setKind(kind == IP ? PacketKind.IP : kind == MALFORMED ? PacketKind.MALFORMED : PacketKind.NON_IP);
        if (keepFrames && kind == IP) {
            out.setFrame(b, start, frame.capturedLength(), frame.linkType());
        }
        return out;
    }

    private static final int IP = 0;
    private static final int NON_IP = 1;
    private static final int MALFORMED = 2;

    private int decodeLink(CapturedFrame frame, byte[] b, int p, int end, PacketRecord out) {
        switch (frame.linkType()) {
            case LinkTypes.ETHERNET:
                return end - p < 14 ? NON_IP : decodeEtherType(b, p + 14, end, u16(b, p + 12), frame, out);
            case LinkTypes.LINUX_SLL:
                return end - p < 16 ? NON_IP : decodeEtherType(b, p + 16, end, u16(b, p + 14), frame, out);
            case LinkTypes.LINUX_SLL2:
                return end - p < 20 ? NON_IP : decodeEtherType(b, p + 20, end, u16(b, p), frame, out);
            case LinkTypes.RAW:
            case LinkTypes.RAW_12:
            case LinkTypes.RAW_14:
                return decodeIpByVersion(b, p, end, frame, out);
            case LinkTypes.IPV4:
                return decodeIpv4(b, p, end, frame, out);
            case LinkTypes.IPV6:
                return decodeIpv6(b, p, end, frame, out);
            case LinkTypes.NULL:
                return end - p < 4 ? NON_IP : decodeAddressFamily(nullFamily(b, p, frame.bigEndianFile()),
                        b, p + 4, end, frame, out);
            case LinkTypes.LOOP:
                return end - p < 4 ? NON_IP : decodeAddressFamily(i32(b, p), b, p + 4, end, frame, out);
            default:
                return NON_IP;
        }
    }

    /** DLT_NULL holds the family in the writer's byte order, which is the file's. */
    private static int nullFamily(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? i32(b, p)
                : (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 3] & 0xFF) << 24);
    }

    private int decodeAddressFamily(int family, byte[] b, int p, int end, CapturedFrame frame, PacketRecord out) {
        switch (family) {
            case 2: // AF_INET everywhere
                return decodeIpv4(b, p, end, frame, out);
            case 10: // AF_INET6 on Linux
            case 24: // NetBSD, OpenBSD, BSD/OS
            case 28: // FreeBSD, DragonFly
            case 30: // Darwin
                return decodeIpv6(b, p, end, frame, out);
            default:
                return NON_IP;
        }
    }

    private int decodeEtherType(byte[] b, int p, int end, int etherType, CapturedFrame frame, PacketRecord out) {
        for (int depth = 0; depth < MAX_STACKED_HEADERS; depth++) {
            switch (etherType) {
                case ETHERTYPE_IPV4:
                    return decodeIpv4(b, p, end, frame, out);
                case ETHERTYPE_IPV6:
                    return decodeIpv6(b, p, end, frame, out);
                case ETHERTYPE_VLAN:
                case ETHERTYPE_QINQ:
                case ETHERTYPE_QINQ_OLD:
                case ETHERTYPE_QINQ_OLD2:
                    if (end - p < 4) {
                        return NON_IP;
                    }
                    etherType = u16(b, p + 2);
                    p += 4;
                    break;
                case ETHERTYPE_PPPOE_SESSION:
                    if (end - p < 8) {
                        return NON_IP;
                    }
                    int pppProtocol = u16(b, p + 6);
                    p += 8;
                    etherType = pppProtocol == PPP_IPV4 ? ETHERTYPE_IPV4
                            : pppProtocol == PPP_IPV6 ? ETHERTYPE_IPV6 : -1;
                    break;
                case ETHERTYPE_MPLS:
                case ETHERTYPE_MPLS_MULTICAST:
                    return decodeMpls(b, p, end, frame, out);
                default:
                    return NON_IP;
            }
        }
        return NON_IP;
    }

    private int decodeMpls(byte[] b, int p, int end, CapturedFrame frame, PacketRecord out) {
        for (int labels = 0; labels < MAX_STACKED_HEADERS; labels++) {
            if (end - p < 4) {
                return NON_IP;
            }
            boolean bottomOfStack = (b[p + 2] & 0x01) != 0;
            p += 4;
            if (bottomOfStack) {
                return decodeIpByVersion(b, p, end, frame, out);
            }
        }
        return NON_IP;
    }

    private int decodeIpByVersion(byte[] b, int p, int end, CapturedFrame frame, PacketRecord out) {
        if (end - p < 1) {
            return MALFORMED;
        }
        int version = (b[p] & 0xFF) >>> 4;
        return version == 4 ? decodeIpv4(b, p, end, frame, out)
                : version == 6 ? decodeIpv6(b, p, end, frame, out) : NON_IP;
    }

    private int decodeIpv4(byte[] b, int p, int end, CapturedFrame frame, PacketRecord out) {
        if (end - p < 20 || (b[p] & 0xF0) != 0x40) {
            return MALFORMED;
        }
        int headerLength = (b[p] & 0x0F) * 4;
        if (headerLength < 20 || end - p < headerLength) {
            return MALFORMED;
        }
        int totalLength = u16(b, p + 2);
        if (totalLength == 0) {
            // Segmentation offload: the stack left the length for the NIC to fill in.
            totalLength = frame.wireLength() - (p - frame.offset());
        }
        if (totalLength < headerLength) {
            return MALFORMED;
        }
        int fragmentField = u16(b, p + 6);
        int fragmentOffset = fragmentField & 0x1FFF;
        boolean moreFragments = (fragmentField & 0x2000) != 0;
        long id = u16(b, p + 4);
        int protocol = b[p + 9] & 0xFF;
        out.setIpVersion(4);
        out.setProtocol(protocol);
        out.setHeaderField(HeaderField.IP_TTL, b[p + 8] & 0xFF);
        out.setSrc(0, i32(b, p + 12) & 0xFFFFFFFFL);
        out.setDst(0, i32(b, p + 16) & 0xFFFFFFFFL);
        out.setIpPayloadLength(totalLength - headerLength);
        return decodeTransport(b, p + headerLength, end, protocol, fragmentOffset != 0, moreFragments, id, out);
    }

    private int decodeIpv6(byte[] b, int p, int end, CapturedFrame frame, PacketRecord out) {
        if (end - p < 40 || (b[p] & 0xF0) != 0x60) {
            return MALFORMED;
        }
        int payloadLength = u16(b, p + 4);
        if (payloadLength == 0) {
            // Jumbogram or segmentation offload: the frame's length says it.
            payloadLength = Math.max(0, frame.wireLength() - (p - frame.offset()) - 40);
        }
        out.setIpVersion(6);
        out.setHeaderField(HeaderField.IP_TTL, b[p + 7] & 0xFF);
        out.setSrc(i64(b, p + 8), i64(b, p + 16));
        out.setDst(i64(b, p + 24), i64(b, p + 32));
        int nextHeader = b[p + 6] & 0xFF;
        int at = p + 40;
        boolean fragment = false;
        boolean nonFirstFragment = false;
        boolean moreFragments = false;
        long id = 0;
        for (int headers = 0; headers <= MAX_IPV6_EXTENSION_HEADERS; headers++) {
            if (headers == MAX_IPV6_EXTENSION_HEADERS) {
                return MALFORMED;
            }
            if (fragment && nonFirstFragment) {
                break;
            }
            int length;
            switch (nextHeader) {
                case 0:   // hop-by-hop options
                case 43:  // routing
                case 60:  // destination options
                case 135: // mobility
                case 139: // HIP
                case 140: // shim6
                    if (end - at < 2) {
                        return MALFORMED;
                    }
                    length = ((b[at + 1] & 0xFF) + 1) * 8;
                    break;
                case 51: // authentication header
                    if (end - at < 2) {
                        return MALFORMED;
                    }
                    length = ((b[at + 1] & 0xFF) + 2) * 4;
                    break;
                case 44: // fragment
                    if (end - at < 8) {
                        return MALFORMED;
                    }
                    int field = u16(b, at + 2);
                    fragment = true;
                    nonFirstFragment = (field >>> 3) != 0;
                    moreFragments = (field & 1) != 0;
                    id = i32(b, at + 4) & 0xFFFFFFFFL;
                    length = 8;
                    break;
                default:
                    length = -1;
            }
            if (length < 0) {
                break;
            }
            nextHeader = b[at] & 0xFF;
            at += length;
            if (at > end) {
                return MALFORMED;
            }
        }
        out.setProtocol(nextHeader);
        out.setIpPayloadLength(Math.max(0, payloadLength - (at - p - 40)));
        if (!fragment) {
            return decodeTransport(b, at, end, nextHeader, false, false, 0, out);
        }
        return decodeTransport(b, at, end, nextHeader, nonFirstFragment, moreFragments, id, out);
    }

    private int decodeTransport(byte[] b, int p, int end, int protocol, boolean nonFirstFragment,
            boolean moreFragments, long id, PacketRecord out) {
        if (nonFirstFragment) {
            long ports = fragments.lookup(out.getIpVersion(), out.getSrcHi(), out.getSrcLo(), out.getDstHi(),
                    out.getDstLo(), id, protocol, out.getTimestampNanos());
            if (ports >= 0) {
                out.setSrcPort((int) (ports >>> 16));
                out.setDstPort((int) (ports & 0xFFFF));
            }
            return IP;
        }
        switch (protocol) {
            case PacketRecord.PROTO_TCP:
                if (end - p < 20) {
                    return MALFORMED;
                }
                out.setSrcPort(u16(b, p));
                out.setDstPort(u16(b, p + 2));
                out.setTcpFlags((b[p + 13] & 0xFF) | ((b[p + 12] & 0x01) << 8));
                out.setTcpSeq(i32(b, p + 4));
                out.setTcpWindow(u16(b, p + 14));
                out.setTransportHeaderLength(((b[p + 12] & 0xF0) >>> 4) * 4);
                break;
            case PacketRecord.PROTO_UDP:
                if (end - p < 8) {
                    return MALFORMED;
                }
                out.setSrcPort(u16(b, p));
                out.setDstPort(u16(b, p + 2));
                out.setTransportHeaderLength(8);
                break;
            case PacketRecord.PROTO_SCTP:
                if (end - p < 12) {
                    return IP; // keyed without ports, as before SCTP's were read
                }
                out.setSrcPort(u16(b, p));
                out.setDstPort(u16(b, p + 2));
                out.setTransportHeaderLength(12);
                break;
            case PacketRecord.PROTO_ICMP:
            case PacketRecord.PROTO_ICMPV6:
                if (end - p >= 2) {
                    out.setIcmpTypeCode((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF));
                }
                return IP;
            default:
                return IP;
        }
        if (moreFragments) {
            fragments.remember(out.getIpVersion(), out.getSrcHi(), out.getSrcLo(), out.getDstHi(), out.getDstLo(),
                    id, protocol, out.getSrcPort(), out.getDstPort(), out.getTimestampNanos());
        }
        return IP;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int i32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long i64(byte[] b, int at) {
        return ((long) i32(b, at) << 32) | (i32(b, at + 4) & 0xFFFFFFFFL);
    }
}
