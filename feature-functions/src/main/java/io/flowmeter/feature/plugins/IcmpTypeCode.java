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

/** The ICMP or ICMPv6 type and code of the flow's first ICMP packet, -1 if none (CICFlowMeter's convention). */
public final class IcmpTypeCode implements FlowPlugin<int[]> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "icmp";

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.whole("icmpType", "type", "ICMP type of the first ICMP packet, -1 if none").auxiliary(),
            FeatureColumn.whole("icmpCode", "code", "ICMP code of the first ICMP packet, -1 if none").auxiliary());

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }

    /** {@code type << 8 | code} of the first ICMP packet in one slot; -1 before it. */
    @Override
    public int[] newState() {
        return new int[] {-1};
    }

    @Override
    public void update(int[] typeCode, PacketRecord packet, FlowContext flow) {
        if (typeCode[0] < 0) {
            typeCode[0] = packet.getIcmpTypeCode();
        }
    }

    @Override
    public void finish(int[] typeCode, FlowContext flow, FeatureValues values) {
        int value = typeCode[0];
        values.set(0, value < 0 ? -1 : value >>> 8);
        values.set(1, value < 0 ? -1 : value & 0xFF);
    }

    @Override
    public void writeState(int[] typeCode, DataOutputView out) throws IOException {
        out.writeInt(typeCode[0]);
    }

    @Override
    public int[] readState(int version, DataInputView in) throws IOException {
        return new int[] {in.readInt()};
    }

    @Override
    public int[] copyState(int[] typeCode) {
        return typeCode.clone();
    }
}
