package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The sizes, gaps and directions of a flow's first packets (the sequence of packet lengths and times of NFStream's
 * and Joy's SPLT): a fixed number of slots, filled by the first packets and then left alone. Columns
 * {@code firstPacketSize1..n}, {@code firstPacketGap1..n} (µs since the flow's previous packet, 0 for the first)
 * and {@code firstPacketDirection1..n} (1 forward, -1 backward, 0 for a slot no packet filled).
 */
public final class FirstPackets implements FlowPlugin<FirstPackets.State> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "first-packets";

    private final int slots;
    private final List<FeatureColumn> columns;

    public FirstPackets(int slots) {
        this.slots = slots;
        List<FeatureColumn> c = new ArrayList<>();
        for (int i = 1; i <= slots; i++) {
            c.add(FeatureColumn.whole("firstPacketSize" + i, "bytes", "wire size of packet " + i));
        }
        for (int i = 1; i <= slots; i++) {
            c.add(FeatureColumn.decimal("firstPacketGap" + i, "µs", "gap before packet " + i));
        }
        for (int i = 1; i <= slots; i++) {
            c.add(FeatureColumn.whole("firstPacketDirection" + i, "direction",
                    "direction of packet " + i + ": 1 forward, -1 backward, 0 none"));
        }
        this.columns = Collections.unmodifiableList(c);
    }

    /** The filled slots. */
    public static final class State {
        final int[] sizes;
        final long[] gapNanos;
        final boolean[] forward;
        int length;

        State(int slots) {
            sizes = new int[slots];
            gapNanos = new long[slots];
            forward = new boolean[slots];
        }
    }

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return columns; }
    @Override public State newState() { return new State(slots); }

    @Override
    public void update(State s, PacketRecord packet, FlowContext flow) {
        if (s.length < s.sizes.length) {
            s.sizes[s.length] = packet.getWireLength();
            s.gapNanos[s.length] = flow.gapNanos();
            s.forward[s.length] = flow.isForward();
            s.length++;
        }
    }

    @Override
    public void swapDirections(State s) {
        for (int i = 0; i < s.length; i++) {
            s.forward[i] = !s.forward[i];
        }
    }

    @Override
    public void finish(State s, FlowContext flow, FeatureValues values) {
        for (int i = 0; i < Math.min(s.length, slots); i++) {
            values.set(i, s.sizes[i]);
            values.set(slots + i, s.gapNanos[i] / 1_000.0);
            values.set(2 * slots + i, s.forward[i] ? 1 : -1);
        }
    }

    /** A state kept with another slot count: its first slots, as many as fit. */
    @Override
    public State adapt(State s) {
        if (s.sizes.length == slots) {
            return s;
        }
        State fitted = new State(slots);
        fitted.length = Math.min(s.length, slots);
        System.arraycopy(s.sizes, 0, fitted.sizes, 0, fitted.length);
        System.arraycopy(s.gapNanos, 0, fitted.gapNanos, 0, fitted.length);
        System.arraycopy(s.forward, 0, fitted.forward, 0, fitted.length);
        return fitted;
    }

    /** The slot count, the filled slots' count, then each filled slot: 4 + 4 + 13 bytes per packet. */
    @Override
    public void writeState(State s, DataOutputView out) throws IOException {
        out.writeInt(s.sizes.length);
        out.writeInt(s.length);
        for (int i = 0; i < s.length; i++) {
            out.writeInt(s.sizes[i]);
            out.writeLong(s.gapNanos[i]);
            out.writeBoolean(s.forward[i]);
        }
    }

    @Override
    public State readState(int version, DataInputView in) throws IOException {
        State s = new State(in.readInt());
        s.length = in.readInt();
        for (int i = 0; i < s.length; i++) {
            s.sizes[i] = in.readInt();
            s.gapNanos[i] = in.readLong();
            s.forward[i] = in.readBoolean();
        }
        return s;
    }
}
