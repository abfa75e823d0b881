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

/**
 * The connection's state as Zeek's {@code conn.log} gives it: {@code conn_state} (S0, S1, SF, REJ, S2, S3, RSTO, RSTR,
 * RSTOS0, RSTRH, SH, SHR, OTH) and the {@code history} letters, from the same per-endpoint TCP state machine
 * ({@link TcpEndpoints}), plus what a model can read of them: the state's code, the handshake's outcome and whether
 * the responder sent payload. The originator is the flow's initiator (forward). In no feature set: {@code --features
 * extended,conn-state} writes the columns, and a model that names the numeric ones gets them.
 *
 * <p>Where this differs from Zeek: the history leaves out {@code c} (bad checksums are not checked), {@code g}
 * (no reassembly, so no content gaps) and {@code x}, and keeps at most {@value TcpEndpoints#HISTORY_LIMIT} letters;
 * payload sizes are the packets' payloads rather than sequence-number spans. {@code docs/features.md} has the table
 * of states.
 */
public final class ConnectionState implements FlowPlugin<TcpEndpoints> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "conn-state";

    /** Zeek's states, in the order of {@code connStateCode}. */
    public static final List<String> STATES =
            List.of("S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH");

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.text("connState", "Zeek's conn_state"),
            FeatureColumn.text("history", "Zeek's connection history letters (upper case: originator)"),
            FeatureColumn.whole("connStateCode", "code", "index of connState in S0, S1, SF, REJ, S2, S3, RSTO, RSTR,"
                    + " RSTOS0, RSTRH, SH, SHR, OTH"),
            FeatureColumn.whole("handshake", "code", "TCP handshake: 0 no SYN from the originator, 1 SYN unanswered,"
                    + " 2 refused (RST), 3 SYN-ACK without the originator's ACK, 4 completed; 0 for other protocols"),
            FeatureColumn.whole("responderPayload", "flag", "1 if the responder sent payload bytes"));

    /** Handshake outcomes ({@code handshake}). */
    static final int NO_SYN = 0;
    static final int UNANSWERED = 1;
    static final int REFUSED = 2;
    static final int HALF_OPEN = 3;
    static final int COMPLETED = 4;

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }
    @Override public TcpEndpoints newState() { return new TcpEndpoints(); }

    @Override
    public void update(TcpEndpoints s, PacketRecord packet, FlowContext flow) {
        int side = flow.isForward() ? TcpEndpoints.ORIG : TcpEndpoints.RESP;
        if (flow.isFirstPacket() && side == TcpEndpoints.RESP) {
            s.addHistory('^'); // the initiator is not the first packet's sender (a SYN-ACK seen first)
        }
        long payload = HeaderAndPayload.payloadBytes(packet);
        if (packet.getProtocol() == PacketRecord.PROTO_TCP) {
            s.tcpPacket(side, packet.getTcpFlags(), packet.getTcpSeq(), packet.getTcpWindow(), (int) payload);
        } else {
            s.otherPacket(side, payload);
        }
    }

    @Override
    public void swapDirections(TcpEndpoints s) {
        s.swap();
    }

    @Override
    public void finish(TcpEndpoints s, FlowContext flow, FeatureValues values) {
        String state = flow.protocol() == PacketRecord.PROTO_TCP ? s.tcpConnState()
                : flow.protocol() == PacketRecord.PROTO_UDP ? s.udpConnState() : "OTH";
        values.setText(0, state);
        values.setText(1, s.history());
        values.set(2, STATES.indexOf(state));
        values.set(3, flow.protocol() == PacketRecord.PROTO_TCP ? s.handshake() : NO_SYN);
        values.set(4, s.payloadBytes(TcpEndpoints.RESP) > 0 ? 1 : 0);
    }

    @Override
    public void writeState(TcpEndpoints s, DataOutputView out) throws IOException {
        s.write(out);
    }

    @Override
    public TcpEndpoints readState(int version, DataInputView in) throws IOException {
        return TcpEndpoints.read(in);
    }
}
