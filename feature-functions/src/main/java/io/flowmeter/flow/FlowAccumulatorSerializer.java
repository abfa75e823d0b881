package io.flowmeter.flow;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Fixed-length binary form of {@link FlowAccumulator}, for checkpoints and the RocksDB state backend. */
public final class FlowAccumulatorSerializer extends TypeSerializerSingleton<FlowAccumulator> {

    private static final long serialVersionUID = 1L;

    public static final FlowAccumulatorSerializer INSTANCE = new FlowAccumulatorSerializer();
    private static final int STATS_LENGTH = 4 * 8 + 2 * 8;
    private static final int LENGTH = 1 + 5 * 8 + 4 + 6 * STATS_LENGTH;

    @Override public boolean isImmutableType() { return false; }
    @Override public FlowAccumulator createInstance() { return new FlowAccumulator(); }
    @Override public int getLength() { return LENGTH; }

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
        return a;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, LENGTH);
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
