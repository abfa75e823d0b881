package io.flowmeter.flow;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Fixed-length (38-byte) binary form of {@link FlowKey}. */
public final class FlowKeySerializer extends TypeSerializerSingleton<FlowKey> {

    private static final long serialVersionUID = 1L;

    public static final FlowKeySerializer INSTANCE = new FlowKeySerializer();
    private static final int LENGTH = 2 + 4 * 8 + 2 * 2;

    @Override public boolean isImmutableType() { return true; }
    @Override public FlowKey createInstance() { return new FlowKey(0, 0, 0, 0, 0, 0, 0, 0); }
    @Override public FlowKey copy(FlowKey from) { return from; }
    @Override public FlowKey copy(FlowKey from, FlowKey reuse) { return from; }
    @Override public int getLength() { return LENGTH; }

    @Override
    public void serialize(FlowKey k, DataOutputView out) throws IOException {
        out.writeByte(k.ipVersion);
        out.writeByte(k.protocol);
        out.writeLong(k.aHi);
        out.writeLong(k.aLo);
        out.writeLong(k.bHi);
        out.writeLong(k.bLo);
        out.writeShort(k.aPort);
        out.writeShort(k.bPort);
    }

    @Override
    public FlowKey deserialize(DataInputView in) throws IOException {
        int ipVersion = in.readUnsignedByte();
        int protocol = in.readUnsignedByte();
        long aHi = in.readLong();
        long aLo = in.readLong();
        long bHi = in.readLong();
        long bLo = in.readLong();
        int aPort = in.readUnsignedShort();
        int bPort = in.readUnsignedShort();
        return new FlowKey(ipVersion, protocol, aHi, aLo, aPort, bHi, bLo, bPort);
    }

    @Override
    public FlowKey deserialize(FlowKey reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, LENGTH);
    }

    @Override
    public TypeSerializerSnapshot<FlowKey> snapshotConfiguration() {
        return new FlowKeySerializerSnapshot();
    }

    /** Snapshot for {@link FlowKeySerializer}. */
    public static final class FlowKeySerializerSnapshot extends SimpleTypeSerializerSnapshot<FlowKey> {
        public FlowKeySerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
