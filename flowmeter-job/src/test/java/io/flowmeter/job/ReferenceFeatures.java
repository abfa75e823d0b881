package io.flowmeter.job;

import io.flowmeter.job.Pcap4jPackets.Pcap4jPacket;
import io.flowmeter.packet.PacketRecord;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The extended features of one flow recomputed the plain way, from the list of its packets (pcap4j-decoded), as
 * docs/features.md defines them: lists and commons-math3 statistics instead of the job's streaming state. The
 * test oracle for the extended set's plugins, the ICMP plugin and the IP TTL plugin.
 */
final class ReferenceFeatures {

    private static final long ACTIVITY_TIMEOUT_NANOS = 5_000_000_000L;
    private static final long SUBFLOW_GAP_NANOS = 1_000_000_000L;
    private static final long BULK_GAP_NANOS = 1_000_000_000L;
    private static final int[] FLAGS = {PacketRecord.TCP_FIN, PacketRecord.TCP_SYN, PacketRecord.TCP_RST,
        PacketRecord.TCP_PSH, PacketRecord.TCP_ACK, PacketRecord.TCP_URG, PacketRecord.TCP_ECE, PacketRecord.TCP_CWR};
    private static final String[] FLAG_NAMES = {"Fin", "Syn", "Rst", "Psh", "Ack", "Urg", "Ece", "Cwr"};

    /** By column name. */
    final Map<String, Double> values = new java.util.LinkedHashMap<>();
    /** The first-packet columns: sizes, gaps, directions. */
    final double[] firstPackets;

    /** Recomputes the features of the packets, {@code forwardIsA} telling which side is the flow's source. */
    ReferenceFeatures(List<Pcap4jPacket> packets, boolean forwardIsA, int firstPacketSlots) {
        List<Pcap4jPacket> fwd = new ArrayList<>();
        List<Pcap4jPacket> bwd = new ArrayList<>();
        for (Pcap4jPacket p : packets) {
            (p.fromA == forwardIsA ? fwd : bwd).add(p);
        }
        for (int i = 0; i < FLAGS.length; i++) {
            put("fwd" + FLAG_NAMES[i] + "Flags", count(fwd, FLAGS[i]));
            put("bwd" + FLAG_NAMES[i] + "Flags", count(bwd, FLAGS[i]));
        }
        direction("fwd", fwd);
        direction("bwd", bwd);
        DescriptiveStatistics payload = payloads(packets);
        put("payloadTotal", payload.getN() == 0 ? 0 : payload.getSum());
        put("payloadMean", mean(payload));
        put("payloadStd", populationStd(payload));
        put("payloadMin", min(payload));
        put("payloadMax", max(payload));
        put("payloadSampleStd", payload.getN() < 2 ? 0 : payload.getStandardDeviation());
        put("payloadSampleVariance", payload.getN() < 2 ? 0 : payload.getVariance());
        put("downUpRatio", fwd.isEmpty() ? 0 : (double) bwd.size() / fwd.size());
        activity(packets);
        subflows("Fwd", fwd);
        subflows("Bwd", bwd);
        bulks("fwd", forwardIsA, packets);
        bulks("bwd", !forwardIsA, packets);
        gapsSampleStd("IATSampleStd", packets);
        gapsSampleStd("fwdIATSampleStd", fwd);
        gapsSampleStd("bwdIATSampleStd", bwd);
        put("icmpType", -1);
        put("icmpCode", -1);
        ttl("fwd", fwd);
        ttl("bwd", bwd);
        firstPackets = firstPackets(packets, forwardIsA, firstPacketSlots);
    }

    private void ttl(String side, List<Pcap4jPacket> packets) {
        put(side + "TtlMin", packets.stream().mapToInt(p -> p.ttl).min().orElse(0));
        put(side + "TtlMax", packets.stream().mapToInt(p -> p.ttl).max().orElse(0));
    }

    private void direction(String side, List<Pcap4jPacket> packets) {
        put(side + "HeaderBytes", packets.stream().mapToLong(p -> p.headerLength).sum());
        put(side + "HeaderMin", packets.stream().mapToInt(p -> p.headerLength).min().orElse(0));
        DescriptiveStatistics payload = payloads(packets);
        put(side + "PayloadTotal", payload.getN() == 0 ? 0 : payload.getSum());
        put(side + "PayloadMean", mean(payload));
        put(side + "PayloadStd", populationStd(payload));
        put(side + "PayloadMin", min(payload));
        put(side + "PayloadMax", max(payload));
        put(side + "PayloadSampleStd", payload.getN() < 2 ? 0 : payload.getStandardDeviation());
        put(side + "DataPackets", packets.stream().filter(p -> p.payloadLength > 0).count());
        put(side + "InitWindow", packets.stream().filter(p -> p.protocol == PacketRecord.PROTO_TCP)
                .mapToInt(p -> p.window).findFirst().orElse(0));
    }

    /** Active periods: runs split where a packet comes more than the activity timeout after all before it. */
    private void activity(List<Pcap4jPacket> packets) {
        DescriptiveStatistics active = new DescriptiveStatistics();
        DescriptiveStatistics idle = new DescriptiveStatistics();
        int subflows = packets.isEmpty() ? 0 : 1;
        long start = packets.get(0).nanos;
        long latest = start;
        for (Pcap4jPacket p : packets.subList(1, packets.size())) {
            long gap = p.nanos - latest;
            subflows += gap > SUBFLOW_GAP_NANOS ? 1 : 0;
            if (gap > ACTIVITY_TIMEOUT_NANOS) {
                addIfPositive(active, latest - start);
                idle.addValue(gap);
                start = p.nanos;
            }
            latest = Math.max(latest, p.nanos);
        }
        addIfPositive(active, latest - start);
        put("activeMean", mean(active) / 1000);
        put("activeStd", populationStd(active) / 1000);
        put("activeMin", min(active) / 1000);
        put("activeMax", max(active) / 1000);
        put("activeSampleStd", active.getN() < 2 ? 0 : active.getStandardDeviation() / 1000);
        put("idleMean", mean(idle) / 1000);
        put("idleStd", populationStd(idle) / 1000);
        put("idleMin", min(idle) / 1000);
        put("idleMax", max(idle) / 1000);
        put("idleSampleStd", idle.getN() < 2 ? 0 : idle.getStandardDeviation() / 1000);
        put("subflows", subflows);
    }

    /** Packets and payload bytes of one side per subflow. */
    private void subflows(String side, List<Pcap4jPacket> mine) {
        double subflows = values.get("subflows");
        put("subflow" + side + "Packets", mine.size() / subflows);
        put("subflow" + side + "Bytes", mine.stream().mapToLong(p -> p.payloadLength).sum() / subflows);
    }

    /**
     * Bulks of one side: runs of data packets split where one comes more than a second after the run's latest,
     * or after the other side sent data since the run began; runs of four or more count.
     */
    private void bulks(String side, boolean mineFromA, List<Pcap4jPacket> all) {
        List<List<Pcap4jPacket>> runs = new ArrayList<>();
        List<Pcap4jPacket> run = new ArrayList<>();
        long runLatest = 0;
        long theirLatestData = -1;
        for (Pcap4jPacket p : all) {
            if (p.payloadLength <= 0) {
                continue;
            }
            if (p.fromA != mineFromA) {
                theirLatestData = Math.max(theirLatestData, p.nanos);
                continue;
            }
            if (!run.isEmpty() && (theirLatestData > run.get(0).nanos || p.nanos - runLatest > BULK_GAP_NANOS)) {
                runs.add(run);
                run = new ArrayList<>();
            }
            if (run.isEmpty()) {
                runLatest = p.nanos;
            }
            run.add(p);
            runLatest = Math.max(runLatest, p.nanos);
        }
        runs.add(run);
        long bulks = 0;
        long packets = 0;
        long bytes = 0;
        long nanos = 0;
        for (List<Pcap4jPacket> r : runs) {
            if (r.size() >= 4) {
                bulks++;
                packets += r.size();
                bytes += r.stream().mapToLong(p -> p.payloadLength).sum();
                nanos += r.stream().mapToLong(p -> p.nanos).max().getAsLong() - r.get(0).nanos;
            }
        }
        put(side + "Bulks", bulks);
        put(side + "BulkBytesMean", bulks == 0 ? 0 : (double) bytes / bulks);
        put(side + "BulkPacketsMean", bulks == 0 ? 0 : (double) packets / bulks);
        put(side + "BulkRate", nanos <= 0 ? 0 : bytes / (nanos / 1e9));
    }

    private void gapsSampleStd(String name, List<Pcap4jPacket> packets) {
        DescriptiveStatistics gaps = new DescriptiveStatistics();
        long latest = Long.MIN_VALUE;
        for (Pcap4jPacket p : packets) {
            if (latest != Long.MIN_VALUE) {
                gaps.addValue(Math.max(0, p.nanos - latest) / 1000.0);
            }
            latest = Math.max(latest, p.nanos);
        }
        put(name, gaps.getN() < 2 ? 0 : gaps.getStandardDeviation());
    }

    private static double[] firstPackets(List<Pcap4jPacket> packets, boolean forwardIsA, int n) {
        double[] values = new double[3 * n];
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < packets.size() && i < n; i++) {
            Pcap4jPacket p = packets.get(i);
            values[i] = p.wireLength;
            values[n + i] = i == 0 ? 0 : Math.max(0, p.nanos - latest) / 1000.0;
            values[2 * n + i] = p.fromA == forwardIsA ? 1 : -1;
            latest = Math.max(latest, p.nanos);
        }
        return values;
    }

    private static long count(List<Pcap4jPacket> packets, int flag) {
        return packets.stream().filter(p -> (p.tcpFlags & flag) != 0).count();
    }

    private static DescriptiveStatistics payloads(List<Pcap4jPacket> packets) {
        DescriptiveStatistics stats = new DescriptiveStatistics();
        packets.forEach(p -> stats.addValue(p.payloadLength));
        return stats;
    }

    private static void addIfPositive(DescriptiveStatistics stats, long value) {
        if (value > 0) {
            stats.addValue(value);
        }
    }

    private static double mean(DescriptiveStatistics s) {
        return s.getN() == 0 ? 0 : s.getMean();
    }

    private static double populationStd(DescriptiveStatistics s) {
        return s.getN() == 0 ? 0 : Math.sqrt(s.getPopulationVariance());
    }

    private static double min(DescriptiveStatistics s) {
        return s.getN() == 0 ? 0 : s.getMin();
    }

    private static double max(DescriptiveStatistics s) {
        return s.getN() == 0 ? 0 : s.getMax();
    }

    private void put(String feature, double value) {
        values.put(feature, value);
    }
}
