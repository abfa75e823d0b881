package io.flowmeter.job;

import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One capture's TCP and UDP flows against tshark's conversations of it, both ways: each conversation is matched
 * by one flow (packets and bytes per direction, first and last timestamp to the microsecond), and each flow matches
 * one conversation. A pair that differs only as docs/conformance.md explains is counted under its explanation;
 * what is left is unexplained: conversations no flow matches, and flows that match no conversation (a conversation
 * split into several flows, a flow no host opened, a flow written twice). Unexplained conversations also get a
 * diagnosis (what the flows of their tuple look like), which explains nothing but tells where to look.
 */
final class TsharkComparison {

    /** tshark counts a fragmented datagram once (the frame that completed it); flows count every fragment. */
    static final String FRAGMENTS = "IP fragments counted one by one";
    /** tshark reads 64-bit pcapng timestamps literally (beyond 2262); we wrap seconds to 32 bits. */
    static final String WRAPPED_TIMESTAMPS = "64-bit timestamp read with 32-bit seconds";

    private static final BigDecimal WRAP_MICROS = BigDecimal.valueOf(1L << 32).movePointRight(6);
    /** Epoch microseconds of 2262-04-11, the last instant that epoch nanoseconds in a long can hold. */
    private static final BigDecimal LAST_NANOS_MICROS = BigDecimal.valueOf(Long.MAX_VALUE / 1000);

    int conversations;
    int exact;
    final Map<String, Integer> explained = new LinkedHashMap<>();
    /** Conversations no flow matches: the conversation and its tuple's flows. */
    final List<String> unexplainedConversations = new ArrayList<>();
    /** Diagnoses of the unexplained conversations, counted. */
    final Map<String, Integer> diagnoses = new LinkedHashMap<>();
    /** TCP/UDP flows that match no conversation. */
    final List<String> flowsInNoConversation = new ArrayList<>();

    /** Compares one capture's flows with its conversations; adds to this comparison's counts. */
    TsharkComparison add(List<TsharkConversation> conversations, List<FlowRecord> flows,
            Map<String, Pcap4jFragments.Adjustment> fragments) {
        Map<String, List<FlowRecord>> byTuple = Pcap4jPackets.flowsByTuple(flows);
        Set<FlowRecord> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TsharkConversation c : conversations) {
            this.conversations++;
            String tuple = tuple(c);
            List<FlowRecord> candidates = byTuple.getOrDefault(tuple, List.of()).stream()
                    .filter(f -> !used.contains(f)).collect(Collectors.toList());
            FlowRecord match = first(candidates, f -> matches(c, List.of(f), null, BigDecimal.ZERO));
            if (match != null) {
                used.add(match);
                exact++;
                continue;
            }
            Pcap4jFragments.Adjustment adjustment = fragments.get(tuple);
            if (adjustment != null) {
                match = first(candidates, f -> matches(c, List.of(f), adjustment, BigDecimal.ZERO));
                if (match != null) {
                    used.add(match);
                    explained.merge(FRAGMENTS, 1, Integer::sum);
                    continue;
                }
            }
            BigDecimal wrap = wrapShift(c, candidates);
            if (wrap != null) {
                match = first(candidates, f -> matches(c, List.of(f), null, wrap));
                used.add(match);
                explained.merge(WRAPPED_TIMESTAMPS, 1, Integer::sum);
                continue;
            }
            unexplainedConversations.add(c + "\n      flows of its tuple: " + byTuple.getOrDefault(tuple, List.of()));
            diagnoses.merge(diagnose(c, byTuple.getOrDefault(tuple, List.of())), 1, Integer::sum);
        }
        for (List<FlowRecord> tupleFlows : byTuple.values()) {
            for (FlowRecord f : tupleFlows) {
                if (!used.contains(f)) {
                    flowsInNoConversation.add(f.toString());
                }
            }
        }
        return this;
    }

    /** Adds another comparison's counts to this one's. */
    TsharkComparison add(TsharkComparison other) {
        conversations += other.conversations;
        exact += other.exact;
        other.explained.forEach((k, v) -> explained.merge(k, v, Integer::sum));
        other.diagnoses.forEach((k, v) -> diagnoses.merge(k, v, Integer::sum));
        unexplainedConversations.addAll(other.unexplainedConversations);
        flowsInNoConversation.addAll(other.flowsInNoConversation);
        return this;
    }

    double exactShare() {
        return conversations == 0 ? 1 : (double) exact / conversations;
    }

    @Override
    public String toString() {
        return String.format("%d of %d tshark conversations matched exactly by one flow (%.3f%%); explained: %s;"
                + " unexplained conversations: %d %s; flows in no conversation: %d", exact, conversations,
                100.0 * exactShare(), explained, unexplainedConversations.size(), diagnoses,
                flowsInNoConversation.size());
    }

    private interface FlowTest {
        boolean test(FlowRecord f);
    }

    private static FlowRecord first(List<FlowRecord> flows, FlowTest test) {
        for (FlowRecord f : flows) {
            if (test.test(f)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The shift that brings a conversation beyond 2262 back to a candidate flow's time, a whole number of 2^32 s;
     * null when the conversation is not beyond 2262 or no candidate matches so shifted.
     */
    private static BigDecimal wrapShift(TsharkConversation c, List<FlowRecord> candidates) {
        if (c.firstMicros.compareTo(LAST_NANOS_MICROS) <= 0) {
            return null;
        }
        for (FlowRecord f : candidates) {
            BigDecimal[] wraps = c.firstMicros.subtract(micros(f.flowStartNs)).divideAndRemainder(WRAP_MICROS);
            if (wraps[1].signum() == 0 && matches(c, List.of(f), null, wraps[0].multiply(WRAP_MICROS))) {
                return wraps[0].multiply(WRAP_MICROS);
            }
        }
        return null;
    }

    /** What the flows of an unmatched conversation's tuple look like; a hint, not an explanation. */
    private static String diagnose(TsharkConversation c, List<FlowRecord> tupleFlows) {
        List<FlowRecord> inSpan = tupleFlows.stream()
                .filter(f -> micros(f.flowStartNs).compareTo(c.firstMicros) >= 0
                        && micros(f.flowEndNs).compareTo(c.lastMicros) <= 0)
                .sorted(Comparator.comparingLong(f -> f.flowStartNs)).collect(Collectors.toList());
        if (tupleFlows.isEmpty()) {
            return "no flow of its tuple";
        }
        if (inSpan.size() > 1 && matches(c, inSpan, null, BigDecimal.ZERO)) {
            boolean afterClose = inSpan.subList(0, inSpan.size() - 1).stream()
                    .allMatch(f -> f.endReason.equals("rst") || f.endReason.equals("fin"));
            return afterClose ? "split after a close (packets after the linger)"
                    : "split (" + inSpan.stream().map(f -> f.endReason).collect(Collectors.joining(",")) + ")";
        }
        boolean covered = tupleFlows.stream().anyMatch(f -> micros(f.flowStartNs).compareTo(c.firstMicros) <= 0
                && micros(f.flowEndNs).compareTo(c.lastMicros) >= 0);
        return covered ? "inside a longer flow (merged with another conversation)" : "other";
    }

    /**
     * Whether these flows together hold exactly the conversation's packets, bytes and time span; with {@code
     * fragments}, the conversation counted with every fragment; {@code shiftMicros} moves the flows' times.
     */
    static boolean matches(TsharkConversation c, List<FlowRecord> flows, Pcap4jFragments.Adjustment fragments,
            BigDecimal shiftMicros) {
        long aToBPackets = 0;
        long aToBBytes = 0;
        long bToAPackets = 0;
        long bToABytes = 0;
        for (FlowRecord f : flows) {
            boolean forwardIsA = Pcap4jPackets.address(f.srcIp).equals(c.addressA) && f.srcPort == c.portA;
            long fwdPackets = (long) f.get(FlowFeature.fwdFlowLength);
            long fwdBytes = (long) f.get(FlowFeature.fwdPacketSizeTotal);
            long bwdPackets = (long) f.get(FlowFeature.bwdFlowLength);
            long bwdBytes = (long) f.get(FlowFeature.bwdPacketSizeTotal);
            aToBPackets += forwardIsA ? fwdPackets : bwdPackets;
            aToBBytes += forwardIsA ? fwdBytes : bwdBytes;
            bToAPackets += forwardIsA ? bwdPackets : fwdPackets;
            bToABytes += forwardIsA ? bwdBytes : fwdBytes;
        }
        long expectedAtoBPackets = c.packetsAtoB;
        long expectedAtoBBytes = c.bytesAtoB;
        long expectedBtoAPackets = c.packetsBtoA;
        long expectedBtoABytes = c.bytesBtoA;
        BigDecimal first = c.firstMicros;
        BigDecimal last = c.lastMicros;
        if (fragments != null) {
            // the adjustment is by the tuple's sorted endpoint A; tshark's A is the first sender
            boolean sameA = Pcap4jPackets.isA(c.addressA, c.portA, c.addressB, c.portB);
            expectedAtoBPackets += sameA ? fragments.packetsAtoB : fragments.packetsBtoA;
            expectedAtoBBytes += sameA ? fragments.bytesAtoB : fragments.bytesBtoA;
            expectedBtoAPackets += sameA ? fragments.packetsBtoA : fragments.packetsAtoB;
            expectedBtoABytes += sameA ? fragments.bytesBtoA : fragments.bytesAtoB;
            first = first.min(micros(fragments.firstNanos));
            last = last.max(micros(fragments.lastNanos));
        }
        long flowFirst = flows.stream().mapToLong(f -> f.flowStartNs).min().orElseThrow();
        long flowLast = flows.stream().mapToLong(f -> f.flowEndNs).max().orElseThrow();
        boolean sameSpan = micros(flowFirst).add(shiftMicros).equals(first)
                && micros(flowLast).add(shiftMicros).equals(last);
        if (c.addressA.equals(c.addressB) && c.portA == c.portB) {
            // Both directions are one endpoint: only the totals can be compared.
            return aToBPackets + bToAPackets == expectedAtoBPackets + expectedBtoAPackets
                    && aToBBytes + bToABytes == expectedAtoBBytes + expectedBtoABytes && sameSpan;
        }
        return aToBPackets == expectedAtoBPackets && aToBBytes == expectedAtoBBytes
                && bToAPackets == expectedBtoAPackets && bToABytes == expectedBtoABytes && sameSpan;
    }

    static String tuple(TsharkConversation c) {
        return Pcap4jPackets.isA(c.addressA, c.portA, c.addressB, c.portB)
                ? Pcap4jPackets.tupleKey(c.protocol, c.addressA, c.portA, c.addressB, c.portB)
                : Pcap4jPackets.tupleKey(c.protocol, c.addressB, c.portB, c.addressA, c.portA);
    }

    static BigDecimal micros(long nanos) {
        return BigDecimal.valueOf(Math.floorDiv(nanos, 1000L));
    }
}
