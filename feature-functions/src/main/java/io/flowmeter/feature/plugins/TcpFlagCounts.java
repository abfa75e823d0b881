package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Per direction, how many TCP packets carried each flag: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR. */
public final class TcpFlagCounts implements FlowPlugin<int[][]> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "tcp-flags";

    /** The flags counted, in column order, with their bit in {@link PacketRecord#getTcpFlags}. */
    private static final String[] FLAGS = {"Fin", "Syn", "Rst", "Psh", "Ack", "Urg", "Ece", "Cwr"};
    private static final int[] BITS = {PacketRecord.TCP_FIN, PacketRecord.TCP_SYN, PacketRecord.TCP_RST,
            PacketRecord.TCP_PSH, PacketRecord.TCP_ACK, PacketRecord.TCP_URG, PacketRecord.TCP_ECE, PacketRecord.TCP_CWR};
    private static final List<FeatureColumn> COLUMNS;

    static {
        List<FeatureColumn> columns = new ArrayList<>();
        for (String flag : FLAGS) {
            for (String name : Directions.names(flag + "Flags")) {
                columns.add(FeatureColumn.whole(name, "packets", "TCP packets with " + flag.toUpperCase(
                        java.util.Locale.ROOT) + " set, " + (name.startsWith("fwd") ? "forward" : "backward")));
            }
        }
        COLUMNS = Collections.unmodifiableList(columns);
    }

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }

    /** Counts per direction, then per flag in {@link #FLAGS} order. */
    @Override
    public int[][] newState() {
        return new int[2][FLAGS.length];
    }

    @Override
    public void update(int[][] counts, PacketRecord packet, FlowContext flow) {
        if (packet.getProtocol() != PacketRecord.PROTO_TCP) {
            return;
        }
        int flags = packet.getTcpFlags();
        int[] side = counts[Directions.of(flow.isForward())];
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                side[i]++;
            }
        }
    }

    @Override
    public void swapDirections(int[][] counts) {
        Directions.swap(counts);
    }

    @Override
    public void finish(int[][] counts, FlowContext flow, FeatureValues values) {
        for (int i = 0; i < FLAGS.length; i++) {
            values.set(2 * i, counts[Directions.FORWARD][i]);
            values.set(2 * i + 1, counts[Directions.BACKWARD][i]);
        }
    }

    @Override
    public void writeState(int[][] counts, DataOutputView out) throws IOException {
        for (int[] side : counts) {
            for (int count : side) {
                out.writeInt(count);
            }
        }
    }

    @Override
    public int[][] readState(int version, DataInputView in) throws IOException {
        int[][] counts = newState();
        for (int[] side : counts) {
            for (int i = 0; i < side.length; i++) {
                side[i] = in.readInt();
            }
        }
        return counts;
    }

    @Override
    public int[][] copyState(int[][] counts) {
        return new int[][] {counts[0].clone(), counts[1].clone()};
    }
}
