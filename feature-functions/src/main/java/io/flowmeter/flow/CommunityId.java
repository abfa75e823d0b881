package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Version 1 of the Community ID flow hash (https://github.com/corelight/community-id-spec), the {@code 1:...}
 * string that Zeek, Suricata and Arkime log for a connection, so that their findings join back to a flow record.
 *
 * <p>SHA-1 over seed, the two endpoints (the smaller address and port first), protocol, a zero byte and the two
 * ports, in network byte order; base64 with a {@code 1:} prefix. ICMP and ICMPv6 take the place of ports from the
 * flow's first message as Zeek does: its type, and the type of the answer for request/answer messages (echo,
 * timestamp, router and neighbour discovery, ...), or else its code, and then the endpoints keep their order (the
 * message goes one way). Protocols other than TCP, UDP, SCTP, ICMP and ICMPv6 hash the addresses only.
 *
 * <p>One instance per thread (it keeps its digest and buffer); {@link #of} allocates only the result.
 */
public final class CommunityId {

    /** The spec's default seed, which the peers use unless configured otherwise. */
    public static final int DEFAULT_SEED = 0;

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final int seed;
    private final MessageDigest sha1;
    /** Seed 2, addresses 2 x 16, protocol 1, padding 1, ports 2 x 2. */
    private final byte[] input = new byte[2 + 32 + 2 + 4];

    /** A hasher with the spec's {@link #DEFAULT_SEED}. */
    public CommunityId() {
        this(DEFAULT_SEED);
    }

    /** A hasher with {@code seed} (0 to 65535), for sites that give their monitors one. */
    public CommunityId(int seed) {
        if (seed < 0 || seed > 0xFFFF) {
            throw new IllegalArgumentException("a Community ID seed is 0 to 65535, not " + seed);
        }
        this.seed = seed;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-1", e);
        }
    }

    /**
     * The Community ID of the flow of {@code key} whose initiator is its A endpoint ({@code initiatorIsA}) or B;
     * {@code icmpTypeCode} is the first ICMP message's {@code type << 8 | code} for an ICMP or ICMPv6 flow, -1 when
     * unknown (then the result is empty, as the spec allows for what a monitor cannot hash).
     */
    public String of(FlowKey key, boolean initiatorIsA, int icmpTypeCode) {
        int protocol = key.protocol;
        if (protocol != PacketRecord.PROTO_ICMP && protocol != PacketRecord.PROTO_ICMPV6) {
            boolean ports = protocol == PacketRecord.PROTO_TCP || protocol == PacketRecord.PROTO_UDP
                    || protocol == PacketRecord.PROTO_SCTP;
            // The key's A endpoint is the smaller (address, port) pair: the spec's order.
            return hash(key, ports, true, key.aPort, key.bPort);
        }
        if (icmpTypeCode < 0) {
            return "";
        }
        int type = icmpTypeCode >>> 8;
        int answer = answerType(protocol, type);
        int senderPort = type;
        int receiverPort = answer >= 0 ? answer : icmpTypeCode & 0xFF;
        // The first message's sender is the initiator. A message that expects no answer keeps its direction;
        // request and answer are ordered like any two-way tuple, the smaller (address, port) first.
        int byAddress = compareAddresses(key, initiatorIsA);
        boolean senderFirst = answer < 0 || byAddress < 0 || (byAddress == 0 && senderPort < receiverPort);
        boolean aFirst = senderFirst == initiatorIsA;
        return senderFirst ? hash(key, true, aFirst, senderPort, receiverPort)
                : hash(key, true, aFirst, receiverPort, senderPort);
    }

    /** -1 when not a request/answer type. */
    private static int answerType(int protocol, int type) {
        if (protocol == PacketRecord.PROTO_ICMP) {
            switch (type) {
                case 8: return 0;
                case 0: return 8;
                case 13: return 14;
                case 14: return 13;
                case 15: return 16;
                case 16: return 15;
                case 10: return 9;
                case 9: return 10;
                case 17: return 18;
                case 18: return 17;
                default: return -1;
            }
        }
        switch (type) {
            case 128: return 129;
            case 129: return 128;
            case 130: return 131;
            case 131: return 130;
            case 133: return 134;
            case 134: return 133;
            case 135: return 136;
            case 136: return 135;
            case 139: return 140;
            case 140: return 139;
            case 144: return 145;
            case 145: return 144;
            default: return -1;
        }
    }

    /** The initiator's address against the responder's, unsigned as the bytes compare. */
    private static int compareAddresses(FlowKey key, boolean initiatorIsA) {
        int byHi = Long.compareUnsigned(key.aHi, key.bHi);
        int c = byHi != 0 ? byHi : Long.compareUnsigned(key.aLo, key.bLo);
        return initiatorIsA ? c : -c;
    }

    /** The hash with endpoint A first ({@code aFirst}) or B, and the given ports in that order. */
    private String hash(FlowKey key, boolean ports, boolean aFirst, int firstPort, int secondPort) {
        byte[] b = input;
        int at = 0;
        b[at++] = (byte) (seed >>> 8);
        b[at++] = (byte) seed;
        boolean v4 = key.ipVersion == 4;
        at = address(b, at, v4, aFirst ? key.aHi : key.bHi, aFirst ? key.aLo : key.bLo);
        at = address(b, at, v4, aFirst ? key.bHi : key.aHi, aFirst ? key.bLo : key.aLo);
        b[at++] = (byte) key.protocol;
        b[at++] = 0;
        if (ports) {
            b[at++] = (byte) (firstPort >>> 8);
            b[at++] = (byte) firstPort;
            b[at++] = (byte) (secondPort >>> 8);
            b[at++] = (byte) secondPort;
        }
        sha1.reset();
        sha1.update(b, 0, at);
        return "1:" + BASE64.encodeToString(sha1.digest());
    }

    /** An IPv4 address is the low 32 bits of {@code lo} (as {@link io.flowmeter.packet.IpAddresses} packs it). */
    private static int address(byte[] b, int at, boolean v4, long hi, long lo) {
        if (v4) {
            return putInt(b, at, (int) lo);
        }
        at = putInt(b, at, (int) (hi >>> 32));
        at = putInt(b, at, (int) hi);
        at = putInt(b, at, (int) (lo >>> 32));
        return putInt(b, at, (int) lo);
    }

    private static int putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
        return at + 4;
    }
}
