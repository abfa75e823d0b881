package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.List;

/** The TCP window of each direction's first TCP packet (0 for a direction that sent none). */
public final class InitialWindows implements FlowPlugin<int[]> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "windows";

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.whole("fwdInitWindow", "bytes", "TCP window of the first forward TCP packet"),
            FeatureColumn.whole("bwdInitWindow", "bytes", "TCP window of the first backward TCP packet"));

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }

    /** Per direction; -1 until its first TCP packet. */
    @Override
    public int[] newState() {
        return new int[] {-1, -1};
    }

    @Override
    public void update(int[] windows, PacketRecord packet, FlowContext flow) {
        int d = Directions.of(flow.isForward());
        if (packet.getProtocol() == PacketRecord.PROTO_TCP && windows[d] < 0) {
            windows[d] = packet.getTcpWindow();
        }
    }

    @Override
    public void swapDirections(int[] windows) {
        Directions.swap(windows);
    }

    @Override
    public void finish(int[] windows, FlowContext flow, FeatureValues values) {
        values.set(0, Math.max(0, windows[Directions.FORWARD]));
        values.set(1, Math.max(0, windows[Directions.BACKWARD]));
    }

    @Override
    public void writeState(int[] windows, DataOutputView out) throws IOException {
        out.writeInt(windows[0]);
        out.writeInt(windows[1]);
    }

    @Override
    public int[] readState(int version, DataInputView in) throws IOException {
        return new int[] {in.readInt(), in.readInt()};
    }

    @Override
    public int[] copyState(int[] windows) {
        return windows.clone();
    }
}
