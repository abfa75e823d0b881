package io.flowmeter.pcap.live;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Checkpoints an {@link InterfaceSplit} as its interface name in UTF-8. */
final class InterfaceSplitSerializer implements SimpleVersionedSerializer<InterfaceSplit> {

    static final InterfaceSplitSerializer INSTANCE = new InterfaceSplitSerializer();

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(InterfaceSplit split) {
        return split.interfaceName().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public InterfaceSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown interface split version " + version);
        }
        return new InterfaceSplit(new String(serialized, StandardCharsets.UTF_8));
    }
}
