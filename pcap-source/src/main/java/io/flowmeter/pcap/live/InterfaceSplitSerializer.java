package io.flowmeter.pcap.live;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checkpoints an {@link InterfaceSplit}: version 2 as its interface name and subtask; version 1, which had no
 * subtask, was the name alone in UTF-8.
 */
final class InterfaceSplitSerializer implements SimpleVersionedSerializer<InterfaceSplit> {

    static final InterfaceSplitSerializer INSTANCE = new InterfaceSplitSerializer();

    @Override
    public int getVersion() {
        return 2;
    }

    @Override
    public byte[] serialize(InterfaceSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, split);
        }
        return bytes.toByteArray();
    }

    @Override
    public InterfaceSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version == 1) {
            return new InterfaceSplit(new String(serialized, StandardCharsets.UTF_8));
        }
        checkVersion(version, "interface split");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    /** Writes {@code split} in version 2's form. */
    static void write(DataOutputStream out, InterfaceSplit split) throws IOException {
        out.writeUTF(split.interfaceName());
        out.writeInt(split.subtask());
    }

    /** Reads a split that {@link #write} wrote. */
    static InterfaceSplit read(DataInputStream in) throws IOException {
        String name = in.readUTF();
        return new InterfaceSplit(name, in.readInt());
    }

    static void checkVersion(int version, String what) throws IOException {
        if (version != 2) {
            throw new IOException("unknown " + what + " version " + version);
        }
    }
}
