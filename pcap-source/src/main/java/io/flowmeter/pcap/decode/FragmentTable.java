package io.flowmeter.pcap.decode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers the ports of fragmented datagrams, so that their non-first fragments (which carry no transport
 * header) join the same flow. Entries are keyed by addresses, IP identification and protocol, live for
 * {@link #LIFETIME_NANOS} of capture time, and the table holds at most a fixed number of them, evicting the
 * oldest: a flood of fragments cannot grow it.
 */
final class FragmentTable {

    /** RFC 791 suggests 15 s for reassembly; Linux keeps fragments 30 s. */
    static final long LIFETIME_NANOS = 30_000_000_000L;

    private final Map<Key, Ports> datagrams;

    FragmentTable(int maxEntries) {
        this.datagrams = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Ports> eldest) {
                return size() > maxEntries;
            }
        };
    }

    void remember(int ipVersion, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol,
            int srcPort, int dstPort, long timestampNanos) {
        datagrams.put(new Key(ipVersion, srcHi, srcLo, dstHi, dstLo, id, protocol),
                new Ports(srcPort, dstPort, timestampNanos));
    }

    /**
     * The ports packed as {@code src << 16 | dst} in a long (never negative: a source port from 32768 up would make
     * an int negative), or -1 when the first fragment was not seen (recently).
     */
    long lookup(int ipVersion, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol,
            long timestampNanos) {
        Ports ports = datagrams.get(new Key(ipVersion, srcHi, srcLo, dstHi, dstLo, id, protocol));
        if (ports == null || Math.abs(timestampNanos - ports.timestampNanos) > LIFETIME_NANOS) {
            return -1;
        }
        return ((long) ports.srcPort << 16) | ports.dstPort;
    }

    int size() {
        return datagrams.size();
    }

    private static final class Key {
        final int ipVersion;
        final long srcHi;
        final long srcLo;
        final long dstHi;
        final long dstLo;
        final long id;
        final int protocol;

        Key(int ipVersion, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol) {
            this.ipVersion = ipVersion;
            this.srcHi = srcHi;
            this.srcLo = srcLo;
            this.dstHi = dstHi;
            this.dstLo = dstLo;
            this.id = id;
            this.protocol = protocol;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return ipVersion == k.ipVersion && srcHi == k.srcHi && srcLo == k.srcLo && dstHi == k.dstHi
                    && dstLo == k.dstLo && id == k.id && protocol == k.protocol;
        }

        @Override
        public int hashCode() {
            return Objects.hash(ipVersion, srcHi, srcLo, dstHi, dstLo, id, protocol);
        }
    }

    private static final class Ports {
        final int srcPort;
        final int dstPort;
        final long timestampNanos;

        Ports(int srcPort, int dstPort, long timestampNanos) {
            this.srcPort = srcPort;
            this.dstPort = dstPort;
            this.timestampNanos = timestampNanos;
        }
    }
}
