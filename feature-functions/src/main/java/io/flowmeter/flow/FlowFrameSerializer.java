package io.flowmeter.flow;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Binary form of {@link FlowFrame}, which is checkpointed state (the forwarding buffer): a format byte
 * ({@value #FORMAT}), the key, the flow's start, an end flag, then for a frame its time, lengths, link type and
 * bytes. A later build reads every earlier format.
 */
public final class FlowFrameSerializer extends TypeSerializerSingleton<FlowFrame> {

    private static final long serialVersionUID = 1L;

    public static final FlowFrameSerializer INSTANCE = new FlowFrameSerializer();

    /** The format this build writes. */
    static final int FORMAT = 1;
    private static final int FRAME = 0;
    private static final int END = 1;
    private static final int END_RECORDED = 2;

    @Override public boolean isImmutableType() { return true; }
    @Override public FlowFrame createInstance() { return new FlowFrame(); }
    @Override public FlowFrame copy(FlowFrame from) { return from; }
    @Override public FlowFrame copy(FlowFrame from, FlowFrame reuse) { return from; }
    @Override public int getLength() { return -1; }

    @Override
    public void serialize(FlowFrame f, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        FlowKeySerializer.INSTANCE.serialize(f.key, out);
        out.writeLong(f.flowStartNanos);
        if (f.end) {
            out.writeByte(f.recorded ? END_RECORDED : END);
            return;
        }
        out.writeByte(FRAME);
        out.writeLong(f.timestampNanos);
        out.writeInt(f.wireLength);
        out.writeInt(f.linkType);
        out.writeInt(f.bytes.length);
        out.write(f.bytes);
    }

    @Override
    public FlowFrame deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT) {
            throw new IOException("forwarding buffer: frame format " + format + " is not one this build reads ("
                    + FORMAT + ")");
        }
        FlowFrame f = new FlowFrame();
        f.key = FlowKeySerializer.INSTANCE.deserialize(in);
        f.flowStartNanos = in.readLong();
        int kind = in.readUnsignedByte();
        if (kind != FRAME) {
            f.end = true;
            f.recorded = kind == END_RECORDED;
            f.timestampNanos = f.flowStartNanos;
            f.bytes = new byte[0];
            return f;
        }
        f.timestampNanos = in.readLong();
        f.wireLength = in.readInt();
        f.linkType = in.readInt();
        f.bytes = new byte[in.readInt()];
        in.readFully(f.bytes);
        return f;
    }

    @Override
    public FlowFrame deserialize(FlowFrame reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<FlowFrame> snapshotConfiguration() {
        return new FlowFrameSerializerSnapshot();
    }

    /** Snapshot for {@link FlowFrameSerializer}; the format byte of each frame versions its form. */
    public static final class FlowFrameSerializerSnapshot extends SimpleTypeSerializerSnapshot<FlowFrame> {
        public FlowFrameSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
