package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.feature.RunningStats;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.flowmeter.feature.plugins.Directions.BACKWARD;
import static io.flowmeter.feature.plugins.Directions.FORWARD;

/**
 * Transport header bytes and payload per direction: header totals and smallest header, payload statistics overall
 * and per direction, and packets carrying payload. Payload is what follows the transport header (all of the IP
 * payload for other protocols and for non-first fragments). Sample deviations are auxiliary, for CICFlowMeter.
 */
public final class HeaderAndPayload implements FlowPlugin<HeaderAndPayload.State> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "header-payload";

    private static final List<FeatureColumn> COLUMNS;

    static {
        List<FeatureColumn> c = new ArrayList<>();
        both(c, "HeaderBytes", false, "bytes", "transport header bytes");
        both(c, "HeaderMin", false, "bytes", "smallest transport header");
        c.add(FeatureColumn.whole("payloadTotal", "bytes", "payload bytes"));
        c.add(FeatureColumn.decimal("payloadMean", "bytes", "mean payload per packet"));
        c.add(FeatureColumn.decimal("payloadStd", "bytes", "population standard deviation of payload sizes"));
        c.add(FeatureColumn.whole("payloadMin", "bytes", "smallest payload"));
        c.add(FeatureColumn.whole("payloadMax", "bytes", "largest payload"));
        both(c, "PayloadTotal", false, "bytes", "payload bytes");
        both(c, "PayloadMean", true, "bytes", "mean payload per packet");
        both(c, "PayloadStd", true, "bytes", "population standard deviation of payload sizes");
        both(c, "PayloadMin", false, "bytes", "smallest payload");
        both(c, "PayloadMax", false, "bytes", "largest payload");
        both(c, "DataPackets", false, "packets", "packets carrying payload");
        c.add(FeatureColumn.decimal("payloadSampleStd", "bytes", "sample standard deviation of payload sizes")
                .auxiliary());
        c.add(FeatureColumn.decimal("payloadSampleVariance", "bytes²", "sample variance of payload sizes")
                .auxiliary());
        for (String name : Directions.names("PayloadSampleStd")) {
            c.add(FeatureColumn.decimal(name, "bytes", "sample standard deviation of payload sizes, "
                    + (name.startsWith("fwd") ? "forward" : "backward")).auxiliary());
        }
        COLUMNS = Collections.unmodifiableList(c);
    }

    private static void both(List<FeatureColumn> columns, String name, boolean fractional, String unit, String doc) {
        for (String directed : Directions.names(name)) {
            String text = doc + ", " + (directed.startsWith("fwd") ? "forward" : "backward");
            columns.add(fractional ? FeatureColumn.decimal(directed, unit, text)
                    : FeatureColumn.whole(directed, unit, text));
        }
    }

    /** One direction's header and payload summary. */
    static final class Side {
        long headerBytes;
        /** -1 before the direction's first packet. */
        int minHeaderBytes = -1;
        final RunningStats payload = new RunningStats();
        long dataPackets;
    }

    /** Both directions. */
    public static final class State {
        final Side[] sides = {new Side(), new Side()};
    }

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }
    @Override public State newState() { return new State(); }

    /** Bytes after the transport header (all of the IP payload for other protocols and later fragments). */
    static long payloadBytes(PacketRecord p) {
        return Math.max(0, p.getIpPayloadLength() - p.getTransportHeaderLength());
    }

    @Override
    public void update(State s, PacketRecord packet, FlowContext flow) {
        Side side = s.sides[Directions.of(flow.isForward())];
        int header = packet.getTransportHeaderLength();
        side.headerBytes += header;
        side.minHeaderBytes = side.minHeaderBytes < 0 ? header : Math.min(side.minHeaderBytes, header);
        long bytes = payloadBytes(packet);
        side.payload.add(bytes);
        if (bytes > 0) {
            side.dataPackets++;
        }
    }

    @Override
    public void swapDirections(State s) {
        Directions.swap(s.sides);
    }

    @Override
    public void finish(State s, FlowContext flow, FeatureValues values) {
        Side fwd = s.sides[FORWARD];
        Side bwd = s.sides[BACKWARD];
        RunningStats all = RunningStats.combined(fwd.payload, bwd.payload);
        int i = 0;
        values.set(i++, fwd.headerBytes);
        values.set(i++, bwd.headerBytes);
        values.set(i++, Math.max(0, fwd.minHeaderBytes));
        values.set(i++, Math.max(0, bwd.minHeaderBytes));
        values.set(i++, all.sum());
        values.set(i++, all.mean());
        values.set(i++, all.populationStd());
        values.set(i++, all.min());
        values.set(i++, all.max());
        values.set(i++, fwd.payload.sum());
        values.set(i++, bwd.payload.sum());
        values.set(i++, fwd.payload.mean());
        values.set(i++, bwd.payload.mean());
        values.set(i++, fwd.payload.populationStd());
        values.set(i++, bwd.payload.populationStd());
        values.set(i++, fwd.payload.min());
        values.set(i++, bwd.payload.min());
        values.set(i++, fwd.payload.max());
        values.set(i++, bwd.payload.max());
        values.set(i++, fwd.dataPackets);
        values.set(i++, bwd.dataPackets);
        values.set(i++, all.sampleStd());
        values.set(i++, all.sampleVariance());
        values.set(i++, fwd.payload.sampleStd());
        values.set(i, bwd.payload.sampleStd());
    }

    @Override
    public void writeState(State s, DataOutputView out) throws IOException {
        for (Side side : s.sides) {
            out.writeLong(side.headerBytes);
            out.writeInt(side.minHeaderBytes);
            side.payload.write(out);
            out.writeLong(side.dataPackets);
        }
    }

    @Override
    public State readState(int version, DataInputView in) throws IOException {
        State s = new State();
        for (Side side : s.sides) {
            side.headerBytes = in.readLong();
            side.minHeaderBytes = in.readInt();
            side.payload.read(in);
            side.dataPackets = in.readLong();
        }
        return s;
    }
}
