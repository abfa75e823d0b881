package io.flowmeter.flow;

import io.flowmeter.feature.FeatureConfig;
import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.FeatureRegistry;
import io.flowmeter.feature.plugins.ActivePeriods;
import io.flowmeter.feature.plugins.Bulks;
import io.flowmeter.feature.plugins.DownUpRatio;
import io.flowmeter.feature.plugins.FirstPackets;
import io.flowmeter.feature.plugins.FlowMeterStatistics;
import io.flowmeter.feature.plugins.HeaderAndPayload;
import io.flowmeter.feature.plugins.IcmpTypeCode;
import io.flowmeter.feature.plugins.InitialWindows;
import io.flowmeter.feature.plugins.Subflows;
import io.flowmeter.feature.plugins.TcpFlagCounts;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the flow state of formats 1 and 2, written before features were plugins: one fixed record holding
 * FlowMeter's statistics, then, for the extended and CIC sets, the "detail" (both directions' flags, headers,
 * payload, windows and bulks, the activity periods, the subflows, the ICMP type and the first packets). Each part
 * is re-encoded as the state of the plugin that now keeps it (version 1 of each), and read by that plugin, so the
 * plugins' fields stay theirs. The flow comes out in a layout of the plugins it had; the job's layout takes it on
 * from there ({@link FlowAccumulator#adoptLayout}).
 *
 * <p>Format 1: the fixed part, then the detail flag and detail. Format 2 adds, after the fixed part, the close
 * time of a lingering flow and both sides' first TCP sequence numbers.
 */
final class FlowStateFormat2 {

    private static final List<String> WITHOUT_DETAIL = List.of(FlowMeterStatistics.NAME);
    private static final List<String> WITH_DETAIL = List.of(FlowMeterStatistics.NAME, TcpFlagCounts.NAME,
            HeaderAndPayload.NAME, InitialWindows.NAME, DownUpRatio.NAME, ActivePeriods.NAME, Bulks.NAME,
            Subflows.NAME, FirstPackets.NAME, IcmpTypeCode.NAME);
    /** Layouts by first-packet count and activity timeout (with the detail), or null key (without). */
    private static final Map<String, FeatureLayout> LAYOUTS = new ConcurrentHashMap<>();

    private FlowStateFormat2() {}

    static FlowAccumulator read(int formatVersion, DataInputView in) throws IOException {
        FlowAccumulator a = new FlowAccumulator();
        DataOutputSerializer states = new DataOutputSerializer(256);
        a.forwardIsA = in.readBoolean();
        a.firstNanos = in.readLong();
        a.lastNanos = in.readLong();
        long lastForward = in.readLong();
        long lastBackward = in.readLong();
        a.timerMillis = in.readLong();
        a.status = in.readInt();
        byte[] sizes = stats(in);
        byte[] forwardSizes = stats(in);
        byte[] backwardSizes = stats(in);
        byte[] gaps = stats(in);
        byte[] forwardGaps = stats(in);
        byte[] backwardGaps = stats(in);
        // FlowMeterStatistics v1: sizes, gaps, then per direction its sizes, gaps and latest packet
        states.write(sizes);
        states.write(gaps);
        states.write(forwardSizes);
        states.write(forwardGaps);
        states.writeLong(lastForward);
        states.write(backwardSizes);
        states.write(backwardGaps);
        states.writeLong(lastBackward);
        a.forwardPackets = new DataInputDeserializer(forwardSizes).readLong();
        a.backwardPackets = new DataInputDeserializer(backwardSizes).readLong();
        if (formatVersion >= 2) {
            a.closeNanos = in.readLong();
            a.seqBaseA = in.readInt();
            a.seqBaseB = in.readInt();
        } // format 1 had no linger and no sequence numbers, and none of their status bits is set
        FeatureLayout layout;
        if (in.readBoolean()) {
            layout = readDetail(in, states);
        } else {
            layout = LAYOUTS.computeIfAbsent("-", k -> FeatureRegistry.layoutOf(WITHOUT_DETAIL, FeatureConfig.defaults()));
        }
        a.layout = layout;
        a.states = layout.readStates(layout.stateVersions(), new DataInputDeserializer(states.getCopyOfBuffer()));
        return a;
    }

    /** The detail, re-encoded as the states of the plugins after FlowMeter's statistics, in registry order. */
    private static FeatureLayout readDetail(DataInputView in, DataOutputSerializer states) throws IOException {
        long activityTimeoutNanos = in.readLong();
        Direction forward = Direction.read(in);
        Direction backward = Direction.read(in);
        byte[] active = stats(in);
        byte[] idle = stats(in);
        long activeStart = in.readLong();
        long activeEnd = in.readLong();
        int subflows = in.readInt();
        int icmpTypeCode = in.readInt();
        int capacity = in.readInt();
        int length = in.readInt();
        byte[] slots = new byte[length * 13];
        in.readFully(slots);

        for (Direction d : new Direction[] {forward, backward}) { // tcp-flags
            for (int count : d.flagCounts) {
                states.writeInt(count);
            }
        }
        for (Direction d : new Direction[] {forward, backward}) { // header-payload
            states.writeLong(d.headerBytes);
            states.writeInt(d.minHeaderBytes);
            states.write(d.payload);
            states.writeLong(d.dataPackets);
        }
        states.writeInt(forward.initWindow); // windows
        states.writeInt(backward.initWindow);
        // ratios: no state
        states.write(active); // activity
        states.write(idle);
        states.writeLong(activeStart);
        states.writeLong(activeEnd);
        for (Direction d : new Direction[] {forward, backward}) { // bulks
            states.writeLong(d.lastDataNanos);
            states.writeLong(d.bulkStartNanos);
            states.writeLong(d.bulkLastNanos);
            states.writeInt(d.bulkPacketsSoFar);
            states.writeLong(d.bulkBytesSoFar);
            states.writeInt(d.bulks);
            states.writeLong(d.bulkPackets);
            states.writeLong(d.bulkBytes);
            states.writeLong(d.bulkNanos);
        }
        states.writeInt(subflows); // subflows
        states.writeInt(capacity); // first-packets
        states.writeInt(length);
        states.write(slots);
        states.writeInt(icmpTypeCode); // icmp
        return LAYOUTS.computeIfAbsent(capacity + "/" + activityTimeoutNanos, k -> FeatureRegistry.layoutOf(
                WITH_DETAIL, new FeatureConfig(capacity, activityTimeoutNanos)));
    }

    private static byte[] stats(DataInputView in) throws IOException {
        byte[] bytes = new byte[48];
        in.readFully(bytes);
        return bytes;
    }

    /** One direction's part of the detail, as format 2 wrote it. */
    private static final class Direction {
        final int[] flagCounts = new int[8];
        long headerBytes;
        int minHeaderBytes;
        byte[] payload;
        long dataPackets;
        long lastDataNanos;
        int initWindow;
        long bulkStartNanos;
        long bulkLastNanos;
        int bulkPacketsSoFar;
        long bulkBytesSoFar;
        int bulks;
        long bulkPackets;
        long bulkBytes;
        long bulkNanos;

        static Direction read(DataInputView in) throws IOException {
            Direction d = new Direction();
            for (int i = 0; i < d.flagCounts.length; i++) {
                d.flagCounts[i] = in.readInt();
            }
            d.headerBytes = in.readLong();
            d.minHeaderBytes = in.readInt();
            d.payload = stats(in);
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
    }
}
