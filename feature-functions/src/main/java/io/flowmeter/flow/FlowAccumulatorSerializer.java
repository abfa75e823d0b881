package io.flowmeter.flow;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Binary form of {@link FlowAccumulator}, for checkpoints and the RocksDB state backend: a fixed part, then a flag
 * and, with the extended features on, their state (fixed size for a given number of first packets).
 */
public final class FlowAccumulatorSerializer extends TypeSerializerSingleton<FlowAccumulator> {

    private static final long serialVersionUID = 1L;

    public static final FlowAccumulatorSerializer INSTANCE = new FlowAccumulatorSerializer();
    private static final int STATS_LENGTH = 4 * 8 + 2 * 8;
    private static final int FIXED_LENGTH = 1 + 5 * 8 + 4 + 6 * STATS_LENGTH;

    @Override public boolean isImmutableType() { return false; }
    @Override public FlowAccumulator createInstance() { return new FlowAccumulator(); }
    @Override public int getLength() { return -1; }

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
        a.detail = in.readBoolean() ? readDetail(in) : null;
        return a;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte[] fixed = new byte[FIXED_LENGTH];
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
        return new FlowAccumulatorSerializerSnapshot();
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

    /** Snapshot for {@link FlowAccumulatorSerializer}. */
    public static final class FlowAccumulatorSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<FlowAccumulator> {
        public FlowAccumulatorSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
