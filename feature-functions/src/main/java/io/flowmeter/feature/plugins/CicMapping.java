package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * CICFlowMeter's feature columns, named and ordered as in the CIC-IDS2017 CSVs (the relabelled release of Engelen et
 * al.), from this project's columns: so that tools and models made for those datasets read our flows unchanged. The
 * values are this project's, free of CICFlowMeter's known bugs; {@code docs/features.md} says where they rightly
 * differ. As in CICFlowMeter, "packet length" means payload (after the transport header), standard deviations and
 * variances are of the sample, times are in microseconds and rates per second. The identity columns ({@code Flow
 * ID}, addresses, {@code Timestamp}) are the CIC schema's, written by the sinks.
 */
public final class CicMapping extends StatelessPlugin {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "cic";

    private static final int COPY = 0;
    private static final int SUM = 1;
    private static final int PER_SECOND = 2;
    private static final int TCP_TIME = 3;

    private final transient Function<String, FeatureColumn> sourceColumns;
    private final List<FeatureColumn> columns = new ArrayList<>();
    private final List<String> uses = new ArrayList<>();
    /** Per column: how its value is made, and the index in {@link #uses} of its one or two sources. */
    private final List<int[]> recipes = new ArrayList<>();

    /** @param sourceColumns the columns of the other plugins, by name */
    public CicMapping(Function<String, FeatureColumn> sourceColumns) {
        this.sourceColumns = sourceColumns;
        used("flowDuration");
        copy("Flow Duration", "flowDuration");
        copy("Total Fwd Packet", "fwdFlowLength");
        copy("Total Bwd packets", "bwdFlowLength");
        copy("Total Length of Fwd Packet", "fwdPayloadTotal");
        copy("Total Length of Bwd Packet", "bwdPayloadTotal");
        copy("Fwd Packet Length Max", "fwdPayloadMax");
        copy("Fwd Packet Length Min", "fwdPayloadMin");
        copy("Fwd Packet Length Mean", "fwdPayloadMean");
        copy("Fwd Packet Length Std", "fwdPayloadSampleStd");
        copy("Bwd Packet Length Max", "bwdPayloadMax");
        copy("Bwd Packet Length Min", "bwdPayloadMin");
        copy("Bwd Packet Length Mean", "bwdPayloadMean");
        copy("Bwd Packet Length Std", "bwdPayloadSampleStd");
        perSecond("Flow Bytes/s", "payloadTotal");
        perSecond("Flow Packets/s", "flowLength");
        copy("Flow IAT Mean", "IATMean");
        copy("Flow IAT Std", "IATSampleStd");
        copy("Flow IAT Max", "IATMax");
        copy("Flow IAT Min", "IATMin");
        copy("Fwd IAT Total", "fwdIATTotal");
        copy("Fwd IAT Mean", "fwdIATMean");
        copy("Fwd IAT Std", "fwdIATSampleStd");
        copy("Fwd IAT Max", "fwdIATMax");
        copy("Fwd IAT Min", "fwdIATMin");
        copy("Bwd IAT Total", "bwdIATTotal");
        copy("Bwd IAT Mean", "bwdIATMean");
        copy("Bwd IAT Std", "bwdIATSampleStd");
        copy("Bwd IAT Max", "bwdIATMax");
        copy("Bwd IAT Min", "bwdIATMin");
        copy("Fwd PSH Flags", "fwdPshFlags");
        copy("Bwd PSH Flags", "bwdPshFlags");
        copy("Fwd URG Flags", "fwdUrgFlags");
        copy("Bwd URG Flags", "bwdUrgFlags");
        copy("Fwd RST Flags", "fwdRstFlags");
        copy("Bwd RST Flags", "bwdRstFlags");
        copy("Fwd Header Length", "fwdHeaderBytes");
        copy("Bwd Header Length", "bwdHeaderBytes");
        perSecond("Fwd Packets/s", "fwdFlowLength");
        perSecond("Bwd Packets/s", "bwdFlowLength");
        copy("Packet Length Min", "payloadMin");
        copy("Packet Length Max", "payloadMax");
        copy("Packet Length Mean", "payloadMean");
        copy("Packet Length Std", "payloadSampleStd");
        copy("Packet Length Variance", "payloadSampleVariance");
        sum("FIN Flag Count", "fwdFinFlags", "bwdFinFlags");
        sum("SYN Flag Count", "fwdSynFlags", "bwdSynFlags");
        sum("RST Flag Count", "fwdRstFlags", "bwdRstFlags");
        sum("PSH Flag Count", "fwdPshFlags", "bwdPshFlags");
        sum("ACK Flag Count", "fwdAckFlags", "bwdAckFlags");
        sum("URG Flag Count", "fwdUrgFlags", "bwdUrgFlags");
        sum("CWR Flag Count", "fwdCwrFlags", "bwdCwrFlags");
        sum("ECE Flag Count", "fwdEceFlags", "bwdEceFlags");
        copy("Down/Up Ratio", "downUpRatio");
        copy("Average Packet Size", "payloadMean");
        copy("Fwd Segment Size Avg", "fwdPayloadMean");
        copy("Bwd Segment Size Avg", "bwdPayloadMean");
        copy("Fwd Bytes/Bulk Avg", "fwdBulkBytesMean");
        copy("Fwd Packet/Bulk Avg", "fwdBulkPacketsMean");
        copy("Fwd Bulk Rate Avg", "fwdBulkRate");
        copy("Bwd Bytes/Bulk Avg", "bwdBulkBytesMean");
        copy("Bwd Packet/Bulk Avg", "bwdBulkPacketsMean");
        copy("Bwd Bulk Rate Avg", "bwdBulkRate");
        copy("Subflow Fwd Packets", "subflowFwdPackets");
        copy("Subflow Fwd Bytes", "subflowFwdBytes");
        copy("Subflow Bwd Packets", "subflowBwdPackets");
        copy("Subflow Bwd Bytes", "subflowBwdBytes");
        copy("FWD Init Win Bytes", "fwdInitWindow");
        copy("Bwd Init Win Bytes", "bwdInitWindow");
        copy("Fwd Act Data Pkts", "fwdDataPackets");
        copy("Fwd Seg Size Min", "fwdHeaderMin");
        copy("Active Mean", "activeMean");
        copy("Active Std", "activeSampleStd");
        copy("Active Max", "activeMax");
        copy("Active Min", "activeMin");
        copy("Idle Mean", "idleMean");
        copy("Idle Std", "idleSampleStd");
        copy("Idle Max", "idleMax");
        copy("Idle Min", "idleMin");
        copy("ICMP Code", "icmpCode");
        copy("ICMP Type", "icmpType");
        tcpTime("Total TCP Flow Time");
    }

    private void copy(String name, String source) {
        FeatureColumn from = sourceColumns.apply(source);
        add(from.isFractional() ? FeatureColumn.decimal(name, from.unit(), from.doc())
                : FeatureColumn.whole(name, from.unit(), from.doc()), COPY, used(source), 0);
    }

    private void sum(String name, String forward, String backward) {
        add(FeatureColumn.whole(name, "packets", "both directions' " + forward.substring(3)), SUM, used(forward),
                used(backward));
    }

    private void perSecond(String name, String source) {
        add(FeatureColumn.decimal(name, "1/s", source + " per second of flowDuration"), PER_SECOND, used(source), 0);
    }

    private void tcpTime(String name) {
        add(FeatureColumn.decimal(name, "µs", "flowDuration of a TCP flow, 0 for others"), TCP_TIME, 0, 0);
    }

    private void add(FeatureColumn column, int how, int first, int second) {
        columns.add(column);
        recipes.add(new int[] {how, first, second});
    }

    private int used(String source) {
        int at = uses.indexOf(source);
        if (at < 0) {
            uses.add(source);
            at = uses.size() - 1;
        }
        return at;
    }

    @Override public String name() { return NAME; }
    @Override public List<FeatureColumn> columns() { return Collections.unmodifiableList(columns); }
    @Override public List<String> uses() { return Collections.unmodifiableList(uses); }

    @Override
    public void finish(Void state, FlowContext flow, FeatureValues values) {
        double durationMicros = values.used(0);
        for (int i = 0; i < recipes.size(); i++) {
            int[] recipe = recipes.get(i);
            double first = values.used(recipe[1]);
            switch (recipe[0]) {
                case COPY:
                    values.set(i, first);
                    break;
                case SUM:
                    values.set(i, first + values.used(recipe[2]));
                    break;
                case PER_SECOND:
                    // CICFlowMeter writes Infinity for a flow of one instant; 0 reads better and trains better
                    values.set(i, durationMicros <= 0 ? 0 : first / (durationMicros / 1e6));
                    break;
                default:
                    values.set(i, flow.protocol() == 6 ? durationMicros : 0);
            }
        }
    }
}
