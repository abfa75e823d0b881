package io.flowmeter.flow;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Binary form of {@link FlowAccumulator}, for checkpoints and the RocksDB state backend: a fixed part, then a flag
 * and, with the extended features on, their state (fixed size for a given number of first packets).
 *
 * <p>The format is versioned ({@link #FORMAT_VERSION}), and a checkpoint or savepoint records the version it was
 * written in ({@link FlowAccumulatorSerializerSnapshot}). A build reads every earlier version: Flink restores with
 * a serializer of the version written and migrates the state to the current one. A later version than this build
 * knows is refused, rather than misread.
 *
 * <p>Versions: 1, the fixed part and the extended state; 2 adds, after the fixed part of version 1, the close time
 * of a lingering flow and both sides' first TCP sequence numbers.
 */
public final class FlowAccumulatorSerializer extends TypeSerializer<FlowAccumulator> {

    private static final long serialVersionUID = 1L;

    /** The format this build writes. */
    public static final int FORMAT_VERSION = 2;

    public static final FlowAccumulatorSerializer INSTANCE = new FlowAccumulatorSerializer(FORMAT_VERSION);
    private static final int STATS_LENGTH = 4 * 8 + 2 * 8;
    private static final int FIXED_LENGTH_V1 = 1 + 5 * 8 + 4 + 6 * STATS_LENGTH;
    private static final int LINGER_AND_SEQ_LENGTH = 8 + 4 + 4;

    /** The format this serializer reads; it writes only {@link #FORMAT_VERSION}. */
    private final int formatVersion;

    private FlowAccumulatorSerializer(int formatVersion) {
        this.formatVersion = formatVersion;
    }

    /** A serializer that reads {@code formatVersion}, for restoring state an earlier build wrote. */
    static FlowAccumulatorSerializer reading(int formatVersion) {
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("flow state format " + formatVersion + " is not one this build reads"
                    + " (1 to " + FORMAT_VERSION + ")");
        }
        return formatVersion == FORMAT_VERSION ? INSTANCE : new FlowAccumulatorSerializer(formatVersion);
    }

    @Override public boolean isImmutableType() { return false; }
    @Override public TypeSerializer<FlowAccumulator> duplicate() { return this; }
    @Override public FlowAccumulator createInstance() { return new FlowAccumulator(); }
    @Override public int getLength() { return -1; }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowAccumulatorSerializer && ((FlowAccumulatorSerializer) o).formatVersion == formatVersion;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(formatVersion);
    }

    @Override
    public FlowAccumulator copy(FlowAccumulator from) {
        return copy(from, new FlowAccumulator());
    }

    @Override
    public FlowAccumulator copy(FlowAccumulator from, FlowAccumulator to) {
        to.forwardIsA = from.forwardIsA;
        to.firstNanos = from.firstNanos;
        to.lastNanos = from.lastNanos;
        to.lastForwardNanos = from.lastForwardNanos;
        to.lastBackwardNanos = from.lastBackwardNanos;
        to.timerMillis = from.timerMillis;
        to.status = from.status;
        to.closeNanos = from.closeNanos;
        to.seqBaseA = from.seqBaseA;
        to.seqBaseB = from.seqBaseB;
        copyStats(from.sizes, to.sizes);
        copyStats(from.forwardSizes, to.forwardSizes);
        copyStats(from.backwardSizes, to.backwardSizes);
        copyStats(from.gaps, to.gaps);
        copyStats(from.forwardGaps, to.forwardGaps);
        copyStats(from.backwardGaps, to.backwardGaps);
        to.detail = from.detail == null ? null : copyDetail(from.detail);
        return to;
    }

    @Override
    public void serialize(FlowAccumulator a, DataOutputView out) throws IOException {
        out.writeBoolean(a.forwardIsA);
        out.writeLong(a.firstNanos);
        out.writeLong(a.lastNanos);
        out.writeLong(a.lastForwardNanos);
        out.writeLong(a.lastBackwardNanos);
        out.writeLong(a.timerMillis);
        out.writeInt(a.status);
        writeStats(a.sizes, out);
        writeStats(a.forwardSizes, out);
        writeStats(a.backwardSizes, out);
        writeStats(a.gaps, out);
        writeStats(a.forwardGaps, out);
        writeStats(a.backwardGaps, out);
        out.writeLong(a.closeNanos);
        out.writeInt(a.seqBaseA);
        out.writeInt(a.seqBaseB);
        out.writeBoolean(a.detail != null);
        if (a.detail != null) {
            writeDetail(a.detail, out);
        }
    }

    @Override
    public FlowAccumulator deserialize(DataInputView in) throws IOException {
        return deserialize(new FlowAccumulator(), in);
    }

    @Override
    public FlowAccumulator deserialize(FlowAccumulator a, DataInputView in) throws IOException {
        a.forwardIsA = in.readBoolean();
        a.firstNanos = in.readLong();
        a.lastNanos = in.readLong();
        a.lastForwardNanos = in.readLong();
        a.lastBackwardNanos = in.readLong();
        a.timerMillis = in.readLong();
        a.status = in.readInt();
        readStats(a.sizes, in);
        readStats(a.forwardSizes, in);
        readStats(a.backwardSizes, in);
        readStats(a.gaps, in);
        readStats(a.forwardGaps, in);
        readStats(a.backwardGaps, in);
        if (formatVersion >= 2) {
            a.closeNanos = in.readLong();
            a.seqBaseA = in.readInt();
            a.seqBaseB = in.readInt();
        } else {
            a.closeNanos = 0;
            a.seqBaseA = 0;
            a.seqBaseB = 0; // version 1 had no status bit for them: none is set
        }
        a.detail = in.readBoolean() ? readDetail(in) : null;
        return a;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        if (formatVersion != FORMAT_VERSION) {
            serialize(deserialize(source), target);
            return;
        }
        byte[] fixed = new byte[FIXED_LENGTH_V1 + LINGER_AND_SEQ_LENGTH];
        source.readFully(fixed);
        target.write(fixed);
        boolean hasDetail = source.readBoolean();
        target.writeBoolean(hasDetail);
        if (hasDetail) {
            writeDetail(readDetail(source), target);
        }
    }

    @Override
    public TypeSerializerSnapshot<FlowAccumulator> snapshotConfiguration() {
        return new FlowAccumulatorSerializerSnapshot(formatVersion);
    }

    private static void copyStats(RunningStats from, RunningStats to) {
        to.count = from.count;
        to.sum = from.sum;
        to.min = from.min;
        to.max = from.max;
        to.mean = from.mean;
        to.m2 = from.m2;
    }

    private static FlowDetail copyDetail(FlowDetail from) {
        DataOutputSerializer bytes = new DataOutputSerializer(256);
        try {
            writeDetail(from, bytes);
            return readDetail(new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
        } catch (IOException e) {
            throw new IllegalStateException("copying a flow's extended state in memory", e);
        }
    }

    private static void writeDetail(FlowDetail d, DataOutputView out) throws IOException {
        out.writeLong(d.activityTimeoutNanos);
        writeDirection(d.forward, out);
        writeDirection(d.backward, out);
        writeStats(d.activity.active, out);
        writeStats(d.activity.idle, out);
        out.writeLong(d.activity.activeStartNanos);
        out.writeLong(d.activity.activeEndNanos);
        out.writeInt(d.activity.subflows);
        out.writeInt(d.icmpTypeCode);
        PacketSequence first = d.firstPackets;
        out.writeInt(first.capacity());
        out.writeInt(first.length);
        for (int i = 0; i < first.length; i++) {
            out.writeInt(first.sizes[i]);
            out.writeLong(first.gapNanos[i]);
            out.writeBoolean(first.forward[i]);
        }
    }

    private static FlowDetail readDetail(DataInputView in) throws IOException {
        long activityTimeoutNanos = in.readLong();
        DirectionDetail forward = readDirection(in);
        DirectionDetail backward = readDirection(in);
        RunningStats active = new RunningStats();
        readStats(active, in);
        RunningStats idle = new RunningStats();
        readStats(idle, in);
        long activeStart = in.readLong();
        long activeEnd = in.readLong();
        int subflows = in.readInt();
        int icmpTypeCode = in.readInt();
        FlowDetail d = new FlowDetail(in.readInt(), activityTimeoutNanos);
        d.forward = forward;
        d.backward = backward;
        copyStats(active, d.activity.active);
        copyStats(idle, d.activity.idle);
        d.activity.activeStartNanos = activeStart;
        d.activity.activeEndNanos = activeEnd;
        d.activity.subflows = subflows;
        d.icmpTypeCode = icmpTypeCode;
        PacketSequence first = d.firstPackets;
        first.length = in.readInt();
        for (int i = 0; i < first.length; i++) {
            first.sizes[i] = in.readInt();
            first.gapNanos[i] = in.readLong();
            first.forward[i] = in.readBoolean();
        }
        return d;
    }

    private static void writeDirection(DirectionDetail d, DataOutputView out) throws IOException {
        for (int count : d.flagCounts) {
            out.writeInt(count);
        }
        out.writeLong(d.headerBytes);
        out.writeInt(d.minHeaderBytes);
        writeStats(d.payload, out);
        out.writeLong(d.dataPackets);
        out.writeLong(d.lastDataNanos);
        out.writeInt(d.initWindow);
        out.writeLong(d.bulkStartNanos);
        out.writeLong(d.bulkLastNanos);
        out.writeInt(d.bulkPacketsSoFar);
        out.writeLong(d.bulkBytesSoFar);
        out.writeInt(d.bulks);
        out.writeLong(d.bulkPackets);
        out.writeLong(d.bulkBytes);
        out.writeLong(d.bulkNanos);
    }

    private static DirectionDetail readDirection(DataInputView in) throws IOException {
        DirectionDetail d = new DirectionDetail();
        for (int i = 0; i < d.flagCounts.length; i++) {
            d.flagCounts[i] = in.readInt();
        }
        d.headerBytes = in.readLong();
        d.minHeaderBytes = in.readInt();
        readStats(d.payload, in);
        d.dataPackets = in.readLong();
        d.lastDataNanos = in.readLong();
        d.initWindow = in.readInt();
        d.bulkStartNanos = in.readLong();
        d.bulkLastNanos = in.readLong();
        d.bulkPacketsSoFar = in.readInt();
        d.bulkBytesSoFar = in.readLong();
        d.bulks = in.readInt();
        d.bulkPackets = in.readLong();
        d.bulkBytes = in.readLong();
        d.bulkNanos = in.readLong();
        return d;
    }

    private static void writeStats(RunningStats s, DataOutputView out) throws IOException {
        out.writeLong(s.count);
        out.writeLong(s.sum);
        out.writeLong(s.min);
        out.writeLong(s.max);
        out.writeDouble(s.mean);
        out.writeDouble(s.m2);
    }

    private static void readStats(RunningStats s, DataInputView in) throws IOException {
        s.count = in.readLong();
        s.sum = in.readLong();
        s.min = in.readLong();
        s.max = in.readLong();
        s.mean = in.readDouble();
        s.m2 = in.readDouble();
    }

    /**
     * What a checkpoint records of the flow state's serializer: the format version the state was written in.
     * Snapshot versions 1 to 3 are those of Flink's {@code SimpleTypeSerializerSnapshot}, which the first builds
     * used, and stand for format 1; from snapshot version 4 on, the format version is written out.
     */
    public static final class FlowAccumulatorSerializerSnapshot implements TypeSerializerSnapshot<FlowAccumulator> {

        private static final int SNAPSHOT_VERSION = 4;

        private int formatVersion;

        /** For Flink, which reads the snapshot into it. */
        public FlowAccumulatorSerializerSnapshot() {
            this(FORMAT_VERSION);
        }

        FlowAccumulatorSerializerSnapshot(int formatVersion) {
            this.formatVersion = formatVersion;
        }

        /** The format version of the state this snapshot describes. */
        public int formatVersion() {
            return formatVersion;
        }

        @Override
        public int getCurrentVersion() {
            return SNAPSHOT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(formatVersion);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            formatVersion = readVersion < SNAPSHOT_VERSION ? 1 : in.readInt();
            if (formatVersion < 1) {
                throw new IOException("flow state snapshot with format version " + formatVersion);
            }
        }

        @Override
        public TypeSerializer<FlowAccumulator> restoreSerializer() {
            if (formatVersion > FORMAT_VERSION) {
                throw new IllegalStateException(newerThanThisBuild());
            }
            return reading(formatVersion);
        }

        @Override
        public TypeSerializerSchemaCompatibility<FlowAccumulator> resolveSchemaCompatibility(
                TypeSerializer<FlowAccumulator> newSerializer) {
            if (!(newSerializer instanceof FlowAccumulatorSerializer) || formatVersion > FORMAT_VERSION) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return formatVersion == FORMAT_VERSION ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }

        private String newerThanThisBuild() {
            return "the flow state was written in format " + formatVersion + " by a later build; this build reads"
                    + " formats 1 to " + FORMAT_VERSION + ": resume with that build, or start without the savepoint";
        }
    }
}
