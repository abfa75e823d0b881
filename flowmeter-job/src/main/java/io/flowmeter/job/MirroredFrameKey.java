package io.flowmeter.job;

import io.flowmeter.flow.FlowKey;
import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;

import java.nio.ByteBuffer;

/**
 * The Kafka record key of a mirrored frame (docs/kafka-format.md): the 4-byte big-endian {@link FlowKey#hashOf}
 * of its flow, the same for both directions, so that a flow's frames stay in one partition and in order.
 */
public final class MirroredFrameKey {

    private MirroredFrameKey() {}

    /** The key of the frame decoded into {@code packet}; null for a frame that is not IP. */
    public static byte[] of(PacketRecord packet) {
        return packet.getKind() == PacketKind.IP ? ByteBuffer.allocate(4).putInt(FlowKey.hashOf(packet)).array() : null;
    }
}
