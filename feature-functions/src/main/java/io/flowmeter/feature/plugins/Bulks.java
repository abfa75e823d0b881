package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.List;

import static io.flowmeter.feature.plugins.Directions.BACKWARD;
import static io.flowmeter.feature.plugins.Directions.FORWARD;
import static io.flowmeter.feature.plugins.Directions.ratio;

/**
 * Bulk transfers per direction. A bulk is a run of at least {@value #BULK_PACKETS} data packets in one direction,
 * each at most {@value #BULK_GAP_NANOS} ns after the latest of the run, with no data packet from the other side
 * since the run began (CICFlowMeter's definition, kept apart per direction as CICFlowMeter meant to).
 */
public final class Bulks implements FlowPlugin<Bulks.State> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "bulks";

    static final int BULK_PACKETS = 4;
    static final long BULK_GAP_NANOS = 1_000_000_000L;

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.whole("fwdBulks", "bulks", "bulk transfers, forward"),
            FeatureColumn.whole("bwdBulks", "bulks", "bulk transfers, backward"),
            FeatureColumn.decimal("fwdBulkBytesMean", "bytes", "mean payload bytes per bulk, forward"),
            FeatureColumn.decimal("bwdBulkBytesMean", "bytes", "mean payload bytes per bulk, backward"),
            FeatureColumn.decimal("fwdBulkPacketsMean", "packets", "mean packets per bulk, forward"),
            FeatureColumn.decimal("bwdBulkPacketsMean", "packets", "mean packets per bulk, backward"),
            FeatureColumn.decimal("fwdBulkRate", "bytes/s", "bulk payload bytes per second of bulk time, forward"),
            FeatureColumn.decimal("bwdBulkRate", "bytes/s", "bulk payload bytes per second of bulk time, backward"));

    /** One direction: its latest data packet, the run being watched, and the bulks found. */
    static final class Side {
        /** Capture time of the latest data packet; -1 before the first. */
        long lastDataNanos = -1;
        long runStartNanos = -1;
        long runLastNanos;
        int runPackets;
        long runBytes;
        int bulks;
        long bulkPackets;
        long bulkBytes;
        long bulkNanos;
    }

    /** Both directions. */
    public static final class State {
        final Side[] sides = {new Side(), new Side()};
    }

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }
    @Override public State newState() { return new State(); }

    @Override
    public void update(State s, PacketRecord packet, FlowContext flow) {
        long bytes = HeaderAndPayload.payloadBytes(packet);
        if (bytes == 0) {
            return;
        }
        int d = Directions.of(flow.isForward());
        Side side = s.sides[d];
        long ts = packet.getTimestampNanos();
        track(side, ts, bytes, s.sides[1 - d].lastDataNanos);
        side.lastDataNanos = Math.max(side.lastDataNanos, ts);
    }

    private static void track(Side side, long ts, long bytes, long otherLastDataNanos) {
        if (side.runStartNanos >= 0
                && (otherLastDataNanos > side.runStartNanos || ts - side.runLastNanos > BULK_GAP_NANOS)) {
            side.runStartNanos = -1; // the other side spoke, or a pause: the run is over
        }
        if (side.runStartNanos < 0) {
            side.runStartNanos = ts;
            side.runLastNanos = ts;
            side.runPackets = 1;
            side.runBytes = bytes;
            return;
        }
        side.runPackets++;
        side.runBytes += bytes;
        if (side.runPackets == BULK_PACKETS) {
            side.bulks++;
            side.bulkPackets += side.runPackets;
            side.bulkBytes += side.runBytes;
            side.bulkNanos += Math.max(0, ts - side.runStartNanos);
        } else if (side.runPackets > BULK_PACKETS) {
            side.bulkPackets++;
            side.bulkBytes += bytes;
            side.bulkNanos += Math.max(0, ts - side.runLastNanos);
        }
        side.runLastNanos = Math.max(side.runLastNanos, ts);
    }

    @Override
    public void swapDirections(State s) {
        Directions.swap(s.sides);
    }

    @Override
    public void finish(State s, FlowContext flow, FeatureValues values) {
        Side fwd = s.sides[FORWARD];
        Side bwd = s.sides[BACKWARD];
        values.set(0, fwd.bulks);
        values.set(1, bwd.bulks);
        values.set(2, ratio(fwd.bulkBytes, fwd.bulks));
        values.set(3, ratio(bwd.bulkBytes, bwd.bulks));
        values.set(4, ratio(fwd.bulkPackets, fwd.bulks));
        values.set(5, ratio(bwd.bulkPackets, bwd.bulks));
        values.set(6, perSecond(fwd.bulkBytes, fwd.bulkNanos));
        values.set(7, perSecond(bwd.bulkBytes, bwd.bulkNanos));
    }

    private static double perSecond(double amount, long nanos) {
        return nanos <= 0 ? 0 : amount / (nanos / 1e9);
    }

    @Override
    public void writeState(State s, DataOutputView out) throws IOException {
        for (Side side : s.sides) {
            out.writeLong(side.lastDataNanos);
            out.writeLong(side.runStartNanos);
            out.writeLong(side.runLastNanos);
            out.writeInt(side.runPackets);
            out.writeLong(side.runBytes);
            out.writeInt(side.bulks);
            out.writeLong(side.bulkPackets);
            out.writeLong(side.bulkBytes);
            out.writeLong(side.bulkNanos);
        }
    }

    @Override
    public State readState(int version, DataInputView in) throws IOException {
        State s = new State();
        for (Side side : s.sides) {
            side.lastDataNanos = in.readLong();
            side.runStartNanos = in.readLong();
            side.runLastNanos = in.readLong();
            side.runPackets = in.readInt();
            side.runBytes = in.readLong();
            side.bulks = in.readInt();
            side.bulkPackets = in.readLong();
            side.bulkBytes = in.readLong();
            side.bulkNanos = in.readLong();
        }
        return s;
    }
}
