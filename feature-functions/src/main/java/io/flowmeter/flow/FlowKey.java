package io.flowmeter.flow;

import io.flowmeter.packet.IpAddresses;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.typeinfo.TypeInfo;


/**
 * The canonical bidirectional 5-tuple: both directions of a conversation give the same key. Endpoint A is the
 * smaller (address, port) pair, endpoint B the larger; which of them initiated the flow is flow state, not key.
 */
@TypeInfo(FlowKeyTypeInfoFactory.class)
public final class FlowKey {

    final int ipVersion;
    final int protocol;
    final long aHi;
    final long aLo;
    final int aPort;
    final long bHi;
    final long bLo;
    final int bPort;

    FlowKey(int ipVersion, int protocol, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        this.ipVersion = ipVersion;
        this.protocol = protocol;
        this.aHi = aHi;
        this.aLo = aLo;
        this.aPort = aPort;
        this.bHi = bHi;
        this.bLo = bLo;
        this.bPort = bPort;
    }

    /** The key of the flow a packet belongs to. */
    public static FlowKey of(PacketRecord p) {
        if (sourceIsA(p)) {
            return new FlowKey(p.getIpVersion(), p.getProtocol(), p.getSrcHi(), p.getSrcLo(), p.getSrcPort(),
                    p.getDstHi(), p.getDstLo(), p.getDstPort());
        }
        return new FlowKey(p.getIpVersion(), p.getProtocol(), p.getDstHi(), p.getDstLo(), p.getDstPort(),
                p.getSrcHi(), p.getSrcLo(), p.getSrcPort());
    }

    /** The key of the flow a record describes (its addresses as the record writes them). */
    public static FlowKey of(FlowRecord r) {
        long[] src = IpAddresses.parse(r.srcIp);
        long[] dst = IpAddresses.parse(r.dstIp);
        int ipVersion = r.srcIp.indexOf(':') >= 0 ? 6 : 4;
        if (endpointOrder(src[0], src[1], r.srcPort, dst[0], dst[1], r.dstPort) <= 0) {
            return new FlowKey(ipVersion, r.protocol, src[0], src[1], r.srcPort, dst[0], dst[1], r.dstPort);
        }
        return new FlowKey(ipVersion, r.protocol, dst[0], dst[1], r.dstPort, src[0], src[1], r.srcPort);
    }

    /** Whether the packet's sender is endpoint A of its key. */
    public static boolean sourceIsA(PacketRecord p) {
        return endpointOrder(p.getSrcHi(), p.getSrcLo(), p.getSrcPort(), p.getDstHi(), p.getDstLo(), p.getDstPort())
                <= 0;
    }

    /** The order of two endpoints, (address, port): negative when the first is endpoint A, zero when equal. */
    private static int endpointOrder(long xHi, long xLo, int xPort, long yHi, long yLo, int yPort) {
        int byHi = Long.compareUnsigned(xHi, yHi);
        if (byHi != 0) {
            return byHi;
        }
        int byLo = Long.compareUnsigned(xLo, yLo);
        return byLo != 0 ? byLo : Integer.compare(xPort, yPort);
    }

    /** Whether {@code p} belongs to the flow of this key. */
    public boolean matches(PacketRecord p) {
        if (p.getProtocol() != protocol || p.getIpVersion() != ipVersion) {
            return false;
        }
        if (p.getSrcLo() == aLo && p.getSrcHi() == aHi && p.getSrcPort() == aPort) {
            return p.getDstLo() == bLo && p.getDstHi() == bHi && p.getDstPort() == bPort;
        }
        return p.getSrcLo() == bLo && p.getSrcHi() == bHi && p.getSrcPort() == bPort && p.getDstLo() == aLo
                && p.getDstHi() == aHi && p.getDstPort() == aPort;
    }

    public int ipVersion() { return ipVersion; }
    public int protocol() { return protocol; }
    public int aPort() { return aPort; }
    public int bPort() { return bPort; }

    public String aAddress() {
        return IpAddresses.format(ipVersion, aHi, aLo);
    }

    public String bAddress() {
        return IpAddresses.format(ipVersion, bHi, bLo);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FlowKey)) {
            return false;
        }
        FlowKey k = (FlowKey) o;
        return aLo == k.aLo && bLo == k.bLo && aPort == k.aPort && bPort == k.bPort && aHi == k.aHi
                && bHi == k.bHi && protocol == k.protocol && ipVersion == k.ipVersion;
    }

    @Override
    public int hashCode() {
        return hash(ipVersion, protocol, aHi, aLo, aPort, bHi, bLo, bPort);
    }

    /** The hash code of the key of {@code p}'s flow, without making the key. */
    public static int hashOf(PacketRecord p) {
        if (sourceIsA(p)) {
            return hash(p.getIpVersion(), p.getProtocol(), p.getSrcHi(), p.getSrcLo(), p.getSrcPort(), p.getDstHi(),
                    p.getDstLo(), p.getDstPort());
        }
        return hash(p.getIpVersion(), p.getProtocol(), p.getDstHi(), p.getDstLo(), p.getDstPort(), p.getSrcHi(),
                p.getSrcLo(), p.getSrcPort());
    }

    private static int hash(int ipVersion, int protocol, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        long h = aLo * 31 + bLo;
        h = h * 31 + aHi;
        h = h * 31 + bHi;
        h = h * 31 + ((long) aPort << 16 | bPort);
        h = h * 31 + (protocol << 4 | ipVersion);
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return aAddress() + ':' + aPort + " <-> " + bAddress() + ':' + bPort + " proto " + protocol;
    }
}
