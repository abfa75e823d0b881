package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys packets by their canonical bidirectional 5-tuple. Packets of a flow come in bursts, so the selector keeps
 * the keys of recent flows (a small table indexed by hash) and hands out the same key object again: no
 * allocation per packet, and keyed state finds its entry by identity.
 */
public final class FlowKeySelector implements KeySelector<PacketRecord, FlowKey> {

    private static final long serialVersionUID = 1L;
    private static final int RECENT = 256;

    private transient FlowKey[] recent;

    @Override
    public FlowKey getKey(PacketRecord packet) {
        if (recent == null) {
            recent = new FlowKey[RECENT];
        }
        int slot = FlowKey.hashOf(packet) & (RECENT - 1);
        FlowKey key = recent[slot];
        if (key == null || !key.matches(packet)) {
            key = FlowKey.of(packet);
            recent[slot] = key;
        }
        return key;
    }
}
