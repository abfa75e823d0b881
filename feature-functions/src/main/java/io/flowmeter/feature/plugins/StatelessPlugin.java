package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A plugin whose values follow from the flow and from other plugins' columns: no state, nothing per packet. */
abstract class StatelessPlugin implements FlowPlugin<Void> {

    private static final long serialVersionUID = 1L;

    @Override public int stateVersion() { return 1; }
    @Override public Void newState() { return null; }
    @Override public void update(Void state, PacketRecord packet, FlowContext flow) {}
    @Override public void writeState(Void state, DataOutputView out) {}
    @Override public Void readState(int version, DataInputView in) { return null; }
    @Override public Void copyState(Void state) { return null; }
}
