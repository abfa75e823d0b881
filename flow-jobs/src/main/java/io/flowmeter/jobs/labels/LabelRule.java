package io.flowmeter.jobs.labels;

import io.flowmeter.flow.FlowRecord;

import java.io.Serializable;

/**
 * One line of a ground-truth label file: flows that match every field given (an address or network on either side,
 * a port on either side, a protocol, a start time in a window) take its label and attack family. The way
 * CIC-IDS2017 publishes its attack schedule: attacker and victim, service, and when.
 */
public final class LabelRule implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Any port or protocol. */
    static final int ANY = -1;

    final boolean malicious;
    final String family;
    /** The network's address bytes (4 or 16) and prefix length; null for any address. */
    final byte[] network;
    final int prefixBits;
    final int port;
    final int protocol;
    /** Flows starting at or after {@code fromNanos} and before {@code untilNanos} (epoch nanoseconds). */
    final long fromNanos;
    final long untilNanos;
    /** Where the rule was written, for messages. */
    final String origin;

    LabelRule(boolean malicious, String family, byte[] network, int prefixBits, int port, int protocol,
            long fromNanos, long untilNanos, String origin) {
        this.malicious = malicious;
        this.family = family;
        this.network = network;
        this.prefixBits = prefixBits;
        this.port = port;
        this.protocol = protocol;
        this.fromNanos = fromNanos;
        this.untilNanos = untilNanos;
        this.origin = origin;
    }

    /** Whether the flow matches; {@code src} and {@code dst} are its addresses' bytes. */
    boolean matches(FlowRecord flow, byte[] src, byte[] dst) {
        return (protocol == ANY || flow.protocol == protocol)
                && (port == ANY || flow.srcPort == port || flow.dstPort == port)
                && (network == null || inNetwork(src) || inNetwork(dst))
                && flow.flowStartNs >= fromNanos && flow.flowStartNs < untilNanos;
    }

    private boolean inNetwork(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int whole = prefixBits / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /** {@code malicious} or {@code benign}. */
    public String label() {
        return malicious ? "malicious" : "benign";
    }

    public boolean isMalicious() {
        return malicious;
    }

    /** The attack family ({@code PortScan}, {@code DDoS}...); empty when the file gives none. */
    public String family() {
        return family;
    }

    @Override
    public String toString() {
        return origin + ": " + label() + (family.isEmpty() ? "" : " " + family);
    }
}
