package io.flowmeter.job.sink;

import io.flowmeter.flow.ExtendedFeature;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.job.sink.FlowColumns.Column;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * CICFlowMeter's columns, named and ordered as in the CIC-IDS2017 CSVs (the relabelled release of Engelen et al.,
 * less its {@code Label} and {@code Attempted Category}), so that tools and models made for those datasets read our
 * flows unchanged. The values are this project's, free of CICFlowMeter's known bugs; {@code docs/features.md} says
 * where they rightly differ. As in CICFlowMeter, "packet length" means payload (after the transport header),
 * standard deviations and variances are of the sample, times are in microseconds and rates per second.
 */
final class CicColumns {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    static final FlowColumns<FlowRecord> COLUMNS = new FlowColumns<>(columns());

    private CicColumns() {}

    private static List<Column<FlowRecord>> columns() {
        List<Column<FlowRecord>> c = new ArrayList<>();
        c.add(Column.<FlowRecord>whole("id", CicColumns::id));
        c.add(Column.text("Flow ID", CicColumns::flowId));
        c.add(Column.text("Src IP", f -> f.srcIp));
        c.add(Column.whole("Src Port", f -> f.srcPort));
        c.add(Column.text("Dst IP", f -> f.dstIp));
        c.add(Column.whole("Dst Port", f -> f.dstPort));
        c.add(Column.whole("Protocol", f -> f.protocol));
        c.add(Column.text("Timestamp", f -> TIMESTAMP.format(Instant.ofEpochSecond(0, f.flowStartNs))));
        c.add(flow("Flow Duration", FlowFeature.flowDuration));
        c.add(flow("Total Fwd Packet", FlowFeature.fwdFlowLength));
        c.add(flow("Total Bwd packets", FlowFeature.bwdFlowLength));
        c.add(ext("Total Length of Fwd Packet", ExtendedFeature.fwdPayloadTotal));
        c.add(ext("Total Length of Bwd Packet", ExtendedFeature.bwdPayloadTotal));
        c.add(ext("Fwd Packet Length Max", ExtendedFeature.fwdPayloadMax));
        c.add(ext("Fwd Packet Length Min", ExtendedFeature.fwdPayloadMin));
        c.add(ext("Fwd Packet Length Mean", ExtendedFeature.fwdPayloadMean));
        c.add(ext("Fwd Packet Length Std", ExtendedFeature.fwdPayloadSampleStd));
        c.add(ext("Bwd Packet Length Max", ExtendedFeature.bwdPayloadMax));
        c.add(ext("Bwd Packet Length Min", ExtendedFeature.bwdPayloadMin));
        c.add(ext("Bwd Packet Length Mean", ExtendedFeature.bwdPayloadMean));
        c.add(ext("Bwd Packet Length Std", ExtendedFeature.bwdPayloadSampleStd));
        c.add(Column.number("Flow Bytes/s", true, f -> perSecond(f.get(ExtendedFeature.payloadTotal), f)));
        c.add(Column.number("Flow Packets/s", true, f -> perSecond(f.get(FlowFeature.flowLength), f)));
        c.add(flow("Flow IAT Mean", FlowFeature.IATMean));
        c.add(ext("Flow IAT Std", ExtendedFeature.IATSampleStd));
        c.add(flow("Flow IAT Max", FlowFeature.IATMax));
        c.add(flow("Flow IAT Min", FlowFeature.IATMin));
        c.add(flow("Fwd IAT Total", FlowFeature.fwdIATTotal));
        c.add(flow("Fwd IAT Mean", FlowFeature.fwdIATMean));
        c.add(ext("Fwd IAT Std", ExtendedFeature.fwdIATSampleStd));
        c.add(flow("Fwd IAT Max", FlowFeature.fwdIATMax));
        c.add(flow("Fwd IAT Min", FlowFeature.fwdIATMin));
        c.add(flow("Bwd IAT Total", FlowFeature.bwdIATTotal));
        c.add(flow("Bwd IAT Mean", FlowFeature.bwdIATMean));
        c.add(ext("Bwd IAT Std", ExtendedFeature.bwdIATSampleStd));
        c.add(flow("Bwd IAT Max", FlowFeature.bwdIATMax));
        c.add(flow("Bwd IAT Min", FlowFeature.bwdIATMin));
        c.add(ext("Fwd PSH Flags", ExtendedFeature.fwdPshFlags));
        c.add(ext("Bwd PSH Flags", ExtendedFeature.bwdPshFlags));
        c.add(ext("Fwd URG Flags", ExtendedFeature.fwdUrgFlags));
        c.add(ext("Bwd URG Flags", ExtendedFeature.bwdUrgFlags));
        c.add(ext("Fwd RST Flags", ExtendedFeature.fwdRstFlags));
        c.add(ext("Bwd RST Flags", ExtendedFeature.bwdRstFlags));
        c.add(ext("Fwd Header Length", ExtendedFeature.fwdHeaderBytes));
        c.add(ext("Bwd Header Length", ExtendedFeature.bwdHeaderBytes));
        c.add(Column.number("Fwd Packets/s", true, f -> perSecond(f.get(FlowFeature.fwdFlowLength), f)));
        c.add(Column.number("Bwd Packets/s", true, f -> perSecond(f.get(FlowFeature.bwdFlowLength), f)));
        c.add(ext("Packet Length Min", ExtendedFeature.payloadMin));
        c.add(ext("Packet Length Max", ExtendedFeature.payloadMax));
        c.add(ext("Packet Length Mean", ExtendedFeature.payloadMean));
        c.add(ext("Packet Length Std", ExtendedFeature.payloadSampleStd));
        c.add(ext("Packet Length Variance", ExtendedFeature.payloadSampleVariance));
        c.add(bothDirections("FIN Flag Count", ExtendedFeature.fwdFinFlags, ExtendedFeature.bwdFinFlags));
        c.add(bothDirections("SYN Flag Count", ExtendedFeature.fwdSynFlags, ExtendedFeature.bwdSynFlags));
        c.add(bothDirections("RST Flag Count", ExtendedFeature.fwdRstFlags, ExtendedFeature.bwdRstFlags));
        c.add(bothDirections("PSH Flag Count", ExtendedFeature.fwdPshFlags, ExtendedFeature.bwdPshFlags));
        c.add(bothDirections("ACK Flag Count", ExtendedFeature.fwdAckFlags, ExtendedFeature.bwdAckFlags));
        c.add(bothDirections("URG Flag Count", ExtendedFeature.fwdUrgFlags, ExtendedFeature.bwdUrgFlags));
        c.add(bothDirections("CWR Flag Count", ExtendedFeature.fwdCwrFlags, ExtendedFeature.bwdCwrFlags));
        c.add(bothDirections("ECE Flag Count", ExtendedFeature.fwdEceFlags, ExtendedFeature.bwdEceFlags));
        c.add(ext("Down/Up Ratio", ExtendedFeature.downUpRatio));
        c.add(ext("Average Packet Size", ExtendedFeature.payloadMean));
        c.add(ext("Fwd Segment Size Avg", ExtendedFeature.fwdPayloadMean));
        c.add(ext("Bwd Segment Size Avg", ExtendedFeature.bwdPayloadMean));
        c.add(ext("Fwd Bytes/Bulk Avg", ExtendedFeature.fwdBulkBytesMean));
        c.add(ext("Fwd Packet/Bulk Avg", ExtendedFeature.fwdBulkPacketsMean));
        c.add(ext("Fwd Bulk Rate Avg", ExtendedFeature.fwdBulkRate));
        c.add(ext("Bwd Bytes/Bulk Avg", ExtendedFeature.bwdBulkBytesMean));
        c.add(ext("Bwd Packet/Bulk Avg", ExtendedFeature.bwdBulkPacketsMean));
        c.add(ext("Bwd Bulk Rate Avg", ExtendedFeature.bwdBulkRate));
        c.add(ext("Subflow Fwd Packets", ExtendedFeature.subflowFwdPackets));
        c.add(ext("Subflow Fwd Bytes", ExtendedFeature.subflowFwdBytes));
        c.add(ext("Subflow Bwd Packets", ExtendedFeature.subflowBwdPackets));
        c.add(ext("Subflow Bwd Bytes", ExtendedFeature.subflowBwdBytes));
        c.add(ext("FWD Init Win Bytes", ExtendedFeature.fwdInitWindow));
        c.add(ext("Bwd Init Win Bytes", ExtendedFeature.bwdInitWindow));
        c.add(ext("Fwd Act Data Pkts", ExtendedFeature.fwdDataPackets));
        c.add(ext("Fwd Seg Size Min", ExtendedFeature.fwdHeaderMin));
        c.add(ext("Active Mean", ExtendedFeature.activeMean));
        c.add(ext("Active Std", ExtendedFeature.activeSampleStd));
        c.add(ext("Active Max", ExtendedFeature.activeMax));
        c.add(ext("Active Min", ExtendedFeature.activeMin));
        c.add(ext("Idle Mean", ExtendedFeature.idleMean));
        c.add(ext("Idle Std", ExtendedFeature.idleSampleStd));
        c.add(ext("Idle Max", ExtendedFeature.idleMax));
        c.add(ext("Idle Min", ExtendedFeature.idleMin));
        c.add(ext("ICMP Code", ExtendedFeature.icmpCode));
        c.add(ext("ICMP Type", ExtendedFeature.icmpType));
        c.add(Column.number("Total TCP Flow Time", true,
                f -> f.protocol == 6 ? f.get(FlowFeature.flowDuration) : 0));
        return c;
    }

    private static Column<FlowRecord> flow(String name, FlowFeature feature) {
        return Column.number(name, feature.isFractional(), f -> f.get(feature));
    }

    private static Column<FlowRecord> ext(String name, ExtendedFeature feature) {
        return Column.number(name, feature.isFractional(), f -> f.get(feature));
    }

    private static Column<FlowRecord> bothDirections(String name, ExtendedFeature forward, ExtendedFeature backward) {
        return Column.number(name, false, f -> f.get(forward) + f.get(backward));
    }

    /** {@code amount} per second of the flow's duration; 0 for a flow of one instant (CICFlowMeter: Infinity). */
    private static double perSecond(double amount, FlowRecord flow) {
        double micros = flow.get(FlowFeature.flowDuration);
        return micros <= 0 ? 0 : amount / (micros / 1e6);
    }

    /** CICFlowMeter's flow ID: {@code src-dst-srcPort-dstPort-protocol}. */
    static String flowId(FlowRecord f) {
        return f.srcIp + "-" + f.dstIp + "-" + f.srcPort + "-" + f.dstPort + "-" + f.protocol;
    }

    /** A non-negative 63-bit FNV-1a hash of the flow ID and start: the same flow gets the same id in every run. */
    static long id(FlowRecord f) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : flowId(f).getBytes(StandardCharsets.US_ASCII)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        for (int shift = 0; shift < 64; shift += 8) {
            hash = (hash ^ ((f.flowStartNs >>> shift) & 0xFF)) * 0x100000001b3L;
        }
        return hash & Long.MAX_VALUE;
    }
}
