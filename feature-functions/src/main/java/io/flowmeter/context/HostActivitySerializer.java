package io.flowmeter.context;

import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The checkpoint format of {@link HostActivity}. Every value starts with its format version
 * ({@link #FORMAT_VERSION}), so that a later build reads what this one wrote; the sketches are in DataSketches'
 * compact HLL serialization, which that library keeps compatible across its versions.
 */
public final class HostActivitySerializer extends TypeSerializerSingleton<HostActivity> {

    private static final long serialVersionUID = 1L;
    public static final int FORMAT_VERSION = 1;
    public static final HostActivitySerializer INSTANCE = new HostActivitySerializer();

    @Override public boolean isImmutableType() { return false; }
    @Override public HostActivity createInstance() { return new HostActivity(); }
    @Override public int getLength() { return -1; }

    @Override
    public HostActivity copy(HostActivity from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("copying a host context state", e);
        }
    }

    @Override
    public HostActivity copy(HostActivity from, HostActivity reuse) {
        return copy(from);
    }

    @Override
    public void serialize(HostActivity a, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(a.latestStartNanos);
        for (double s : a.starts) {
            out.writeDouble(s);
        }
        out.writeDouble(a.flows);
        for (double o : a.outcomes) {
            out.writeDouble(o);
        }
        out.writeDouble(a.bytesSent);
        out.writeDouble(a.bytesReceived);
        out.writeLong(a.window);
        writeSketch(a.peers, out);
        writeSketch(a.previousPeers, out);
        writeSketch(a.ports, out);
        writeSketch(a.previousPorts, out);
        out.writeByte(a.recentCount);
        for (int i = 0; i < a.recentCount; i++) {
            out.writeLong(a.recentStarts[i]);
        }
    }

    @Override
    public HostActivity deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format < 1 || format > FORMAT_VERSION) {
            throw new IOException("host context state in format " + format + ", which a later build wrote; this"
                    + " build reads format 1 to " + FORMAT_VERSION + ": resume with that build, or start without"
                    + " the savepoint");
        }
        HostActivity a = new HostActivity();
        a.latestStartNanos = in.readLong();
        for (int i = 0; i < a.starts.length; i++) {
            a.starts[i] = in.readDouble();
        }
        a.flows = in.readDouble();
        for (int i = 0; i < a.outcomes.length; i++) {
            a.outcomes[i] = in.readDouble();
        }
        a.bytesSent = in.readDouble();
        a.bytesReceived = in.readDouble();
        a.window = in.readLong();
        a.peers = readSketch(in);
        a.previousPeers = readSketch(in);
        a.ports = readSketch(in);
        a.previousPorts = readSketch(in);
        a.recentCount = in.readUnsignedByte();
        if (a.recentCount > HostActivity.RECENT_STARTS) {
            throw new IOException("host context state with " + a.recentCount + " recent starts; at most "
                    + HostActivity.RECENT_STARTS);
        }
        for (int i = 0; i < a.recentCount; i++) {
            a.recentStarts[i] = in.readLong();
        }
        return a;
    }

    @Override
    public HostActivity deserialize(HostActivity reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeSketch(@Nullable HllSketch sketch, DataOutputView out) throws IOException {
        if (sketch == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = sketch.toCompactByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Nullable
    private static HllSketch readSketch(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return HllSketch.heapify(bytes);
    }

    @Override
    public TypeSerializerSnapshot<HostActivity> snapshotConfiguration() {
        return new HostActivitySerializerSnapshot();
    }

    /** The snapshot of this serializer; the format version travels with every value. */
    public static final class HostActivitySerializerSnapshot extends SimpleTypeSerializerSnapshot<HostActivity> {
        public HostActivitySerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
