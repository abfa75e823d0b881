package io.flowmeter.pcap.live;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checkpoints the enumerator's interfaces not yet handed to a reader: a count, then each split as
 * {@link InterfaceSplitSerializer} writes it (version 2), or each interface name alone (version 1).
 */
final class InterfaceListSerializer implements SimpleVersionedSerializer<List<InterfaceSplit>> {

    static final InterfaceListSerializer INSTANCE = new InterfaceListSerializer();

    @Override
    public int getVersion() {
        return 2;
    }

    @Override
    public byte[] serialize(List<InterfaceSplit> splits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(splits.size());
            for (InterfaceSplit split : splits) {
                InterfaceSplitSerializer.write(out, split);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public List<InterfaceSplit> deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            InterfaceSplitSerializer.checkVersion(version, "interface list");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int count = in.readInt();
            List<InterfaceSplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                splits.add(version == 1 ? new InterfaceSplit(in.readUTF()) : InterfaceSplitSerializer.read(in));
            }
            return splits;
        }
    }
}
