package io.flowmeter.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Builds network frames byte by byte for tests: Ethernet, VLAN tags, Linux cooked headers, IPv4/IPv6, TCP/UDP. */
public final class Frames {

    private Frames() {}

    public static byte[] ip(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** A TCP segment: 20-byte header with the given flags and window, then {@code payload} bytes of zeros. */
    public static byte[] tcp(int srcPort, int dstPort, int flags, int window, int payload) {
        return tcp(srcPort, dstPort, 0, flags, window, payload);
    }

    /** A TCP segment as {@link #tcp(int, int, int, int, int)}, with sequence number {@code seq}. */
    public static byte[] tcp(int srcPort, int dstPort, int seq, int flags, int window, int payload) {
        byte[] segment = new byte[20 + payload];
        put16(segment, 0, srcPort);
        put16(segment, 2, dstPort);
        put16(segment, 4, seq >>> 16);
        put16(segment, 6, seq & 0xFFFF);
        segment[12] = (byte) (5 << 4 | ((flags >> 8) & 1));
        segment[13] = (byte) flags;
        put16(segment, 14, window);
        return segment;
    }

    public static byte[] udp(int srcPort, int dstPort, int payload) {
        byte[] datagram = new byte[8 + payload];
        put16(datagram, 0, srcPort);
        put16(datagram, 2, dstPort);
        put16(datagram, 4, 8 + payload);
        return datagram;
    }

    /** An IPv4 packet around {@code payload}; {@code optionWords} 4-byte words of options. */
    public static byte[] ipv4(String src, String dst, int protocol, byte[] payload, int optionWords, int id,
            boolean moreFragments, int fragmentOffsetBytes) {
        int headerLength = 20 + optionWords * 4;
        byte[] packet = new byte[headerLength + payload.length];
        packet[0] = (byte) (0x40 | (headerLength / 4));
        put16(packet, 2, packet.length);
        put16(packet, 4, id);
        put16(packet, 6, (moreFragments ? 0x2000 : 0) | (fragmentOffsetBytes / 8));
        packet[8] = 64;
        packet[9] = (byte) protocol;
        System.arraycopy(ip(src), 0, packet, 12, 4);
        System.arraycopy(ip(dst), 0, packet, 16, 4);
        for (int i = 20; i < headerLength; i++) {
            packet[i] = 1; // NOP options
        }
        System.arraycopy(payload, 0, packet, headerLength, payload.length);
        return packet;
    }

    public static byte[] ipv4(String src, String dst, int protocol, byte[] payload) {
        return ipv4(src, dst, protocol, payload, 0, 1, false, 0);
    }

    /** An IPv6 packet; {@code extensions} are raw extension headers already chained, the first of type {@code firstNext}. */
    public static byte[] ipv6(String src, String dst, int firstNext, byte[] extensions, byte[] payload) {
        byte[] packet = new byte[40 + extensions.length + payload.length];
        packet[0] = 0x60;
        put16(packet, 4, extensions.length + payload.length);
        packet[6] = (byte) firstNext;
        packet[7] = 64;
        System.arraycopy(ip(src), 0, packet, 8, 16);
        System.arraycopy(ip(dst), 0, packet, 24, 16);
        System.arraycopy(extensions, 0, packet, 40, extensions.length);
        System.arraycopy(payload, 0, packet, 40 + extensions.length, payload.length);
        return packet;
    }

    public static byte[] ipv6(String src, String dst, int protocol, byte[] payload) {
        return ipv6(src, dst, protocol, new byte[0], payload);
    }

    /** An 8-byte IPv6 extension header (hop-by-hop, destination options, routing) pointing to {@code next}. */
    public static byte[] ipv6Options(int next) {
        byte[] header = new byte[8];
        header[0] = (byte) next;
        return header;
    }

    /** An IPv6 fragment header pointing to {@code next}. */
    public static byte[] ipv6Fragment(int next, int offsetBytes, boolean more, int id) {
        byte[] header = new byte[8];
        header[0] = (byte) next;
        put16(header, 2, (offsetBytes / 8) << 3 | (more ? 1 : 0));
        put32(header, 4, id);
        return header;
    }

    /** An Ethernet frame; each VLAN tag is a pair {TPID, VLAN id}. */
    public static byte[] ethernet(int etherType, byte[] payload, int[]... vlanTags) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        for (int[] tag : vlanTags) {
            write16(frame, tag[0]);
            write16(frame, tag[1]);
        }
        write16(frame, etherType);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    public static byte[] linuxSll(int protocol, byte[] payload) {
        byte[] frame = new byte[16 + payload.length];
        put16(frame, 2, 1);
        put16(frame, 4, 6);
        put16(frame, 14, protocol);
        System.arraycopy(payload, 0, frame, 16, payload.length);
        return frame;
    }

    public static byte[] linuxSll2(int protocol, byte[] payload) {
        byte[] frame = new byte[20 + payload.length];
        put16(frame, 0, protocol);
        put16(frame, 8, 1);
        frame[11] = 6;
        System.arraycopy(payload, 0, frame, 20, payload.length);
        return frame;
    }

    /** A 4-byte address-family header (NULL / LOOP link types) in the given byte order. */
    public static byte[] family(int family, boolean bigEndian, byte[] payload) {
        byte[] frame = new byte[4 + payload.length];
        if (bigEndian) {
            put32(frame, 0, family);
        } else {
            frame[0] = (byte) family;
            frame[1] = (byte) (family >> 8);
        }
        System.arraycopy(payload, 0, frame, 4, payload.length);
        return frame;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }

    static void put32(byte[] b, int at, int value) {
        put16(b, at, value >>> 16);
        put16(b, at + 2, value);
    }

    private static void write16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
