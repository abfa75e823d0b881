package io.flowmeter.jobs;

import io.flowmeter.flow.FlowKey;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.source.PacketOwnership;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Gives each packet to the subtask that Flink's keyed state would route its {@link FlowKey} to: the same key
 * group arithmetic as {@code keyBy}, so a stream filtered this way can be reinterpreted as keyed.
 */
public final class FlowKeyShards implements PacketOwnership {

    private static final long serialVersionUID = 1L;

    private final int maxParallelism;

    public FlowKeyShards(int maxParallelism) {
        this.maxParallelism = maxParallelism;
    }

    @Override
    public boolean owns(PacketRecord packet, int shard, int shards) {
        int keyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(FlowKey.hashOf(packet), maxParallelism);
        return KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism, shards, keyGroup) == shard;
    }
}
