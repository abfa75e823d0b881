package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;

import java.io.Serializable;

/**
 * Which of {@code shards} parallel readers keeps a decoded IP packet. When every subtask reads every capture and
 * keeps only its own packets, flows need no network shuffle; the rule must agree with how the flow stage is keyed.
 */
public interface PacketOwnership extends Serializable {

    boolean owns(PacketRecord packet, int shard, int shards);
}
