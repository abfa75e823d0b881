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

import static io.flowmeter.feature.plugins.Directions.ratio;

/**
 * Subflows: runs of packets each at most {@value #SUBFLOW_GAP_NANOS} ns after the flow's latest (CICFlowMeter's
 * one second), and packets and payload bytes per subflow and direction.
 */
public final class Subflows implements FlowPlugin<int[]> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "subflows";

    static final long SUBFLOW_GAP_NANOS = 1_000_000_000L;

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.whole("subflows", "subflows", "runs of packets at most 1 s apart"),
            FeatureColumn.decimal("subflowFwdPackets", "packets", "forward packets per subflow"),
            FeatureColumn.decimal("subflowFwdBytes", "bytes", "forward payload bytes per subflow"),
            FeatureColumn.decimal("subflowBwdPackets", "packets", "backward packets per subflow"),
            FeatureColumn.decimal("subflowBwdBytes", "bytes", "backward payload bytes per subflow"));

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }
    @Override public List<String> uses() { return List.of("fwdPayloadTotal", "bwdPayloadTotal"); }

    /** The subflow count, in one slot. */
    @Override
    public int[] newState() {
        return new int[1];
    }

    @Override
    public void update(int[] subflows, PacketRecord packet, FlowContext flow) {
        if (flow.isFirstPacket()) {
            subflows[0] = 1;
        } else if (flow.gapNanos() > SUBFLOW_GAP_NANOS) {
            subflows[0]++;
        }
    }

    @Override
    public void finish(int[] subflows, FlowContext flow, FeatureValues values) {
        int n = subflows[0];
        values.set(0, n);
        values.set(1, ratio(flow.forwardPackets(), n));
        values.set(2, ratio(values.used(0), n));
        values.set(3, ratio(flow.backwardPackets(), n));
        values.set(4, ratio(values.used(1), n));
    }

    @Override
    public void writeState(int[] subflows, DataOutputView out) throws IOException {
        out.writeInt(subflows[0]);
    }

    @Override
    public int[] readState(int version, DataInputView in) throws IOException {
        return new int[] {in.readInt()};
    }

    @Override
    public int[] copyState(int[] subflows) {
        return subflows.clone();
    }
}
