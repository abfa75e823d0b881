package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys packets by their canonical bidirectional 5-tuple. */
public final class FlowKeySelector implements KeySelector<PacketRecord, FlowKey> {

    private static final long serialVersionUID = 1L;

    @Override
    public FlowKey getKey(PacketRecord packet) {
        return FlowKey.of(packet);
    }
}
