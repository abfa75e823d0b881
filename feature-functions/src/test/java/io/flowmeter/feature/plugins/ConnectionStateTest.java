package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureConfig;
import io.flowmeter.feature.FeatureRegistry;
import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowAccumulator;
import io.flowmeter.flow.FlowKey;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.flowmeter.flow.TestPackets.seq;
import static io.flowmeter.flow.TestPackets.tcpSegment;
import static io.flowmeter.flow.TestPackets.udp;
import static io.flowmeter.packet.PacketRecord.TCP_ACK;
import static io.flowmeter.packet.PacketRecord.TCP_FIN;
import static io.flowmeter.packet.PacketRecord.TCP_PSH;
import static io.flowmeter.packet.PacketRecord.TCP_RST;
import static io.flowmeter.packet.PacketRecord.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Zeek's conn_state and history for the connection shapes its documentation names, packet by packet. */
class ConnectionStateTest {

    private static final FlowSettings SETTINGS = FlowSettings.defaults()
            .withWrittenPlugins(List.of(ConnectionState.NAME));
    private static final String CLIENT = "10.0.0.1";
    private static final String SERVER = "10.0.0.2";

    /** Packets of one TCP connection between CLIENT:40000 and SERVER:80, in order. */
    private final List<PacketRecord> packets = new ArrayList<>();

    private ConnectionStateTest client(int flags, int seq, int payload) {
        packets.add(seq(tcpSegment(packets.size() + 1, CLIENT, 40000, SERVER, 80, flags, 64240, payload), seq));
        return this;
    }

    private ConnectionStateTest server(int flags, int seq, int payload) {
        packets.add(seq(tcpSegment(packets.size() + 1, SERVER, 80, CLIENT, 40000, flags, 65535, payload), seq));
        return this;
    }

    private static FlowRecord flow(List<PacketRecord> packets) {
        FlowAccumulator flow = SETTINGS.newAccumulator();
        flow.start(packets.get(0), FlowKey.sourceIsA(packets.get(0)));
        for (PacketRecord p : packets) {
            flow.add(p, FlowKey.sourceIsA(p));
        }
        return FlowRecord.of(FlowKey.of(packets.get(0)), flow, EndReason.EOF);
    }

    private String summary() {
        return summary(flow(packets));
    }

    private static String summary(FlowRecord r) {
        int at = SETTINGS.layout().indexOf("connState");
        return r.texts[at] + " " + r.texts[at + 1] + " code=" + (int) r.values[at + 2] + " handshake="
                + (int) r.values[at + 3] + " responderPayload=" + (int) r.values[at + 4];
    }

    @Test
    void aNormalConnectionIsSf() {
        client(TCP_SYN, 100, 0).server(TCP_SYN | TCP_ACK, 500, 0).client(TCP_ACK, 101, 0)
                .client(TCP_PSH | TCP_ACK, 101, 10).server(TCP_PSH | TCP_ACK, 501, 20).client(TCP_FIN | TCP_ACK, 111, 0)
                .server(TCP_FIN | TCP_ACK, 521, 0).client(TCP_ACK, 112, 0);

        assertThat(summary()).isEqualTo("SF ShADdFf code=2 handshake=4 responderPayload=1");
    }

    @Test
    void aRefusedAttemptIsRej() {
        client(TCP_SYN, 100, 0).server(TCP_RST | TCP_ACK, 0, 0);

        assertThat(summary()).isEqualTo("REJ Sr code=3 handshake=2 responderPayload=0");
    }

    @Test
    void anUnansweredAttemptIsS0AndARetransmittedSynAddsNoLetter() {
        client(TCP_SYN, 100, 0).client(TCP_SYN, 100, 0).client(TCP_SYN, 100, 0);

        assertThat(summary()).isEqualTo("S0 S code=0 handshake=1 responderPayload=0");
    }

    @Test
    void aSynScanOfAnOpenPortIsRsto() {
        client(TCP_SYN, 100, 0).server(TCP_SYN | TCP_ACK, 500, 0).client(TCP_RST, 101, 0);

        assertThat(summary()).isEqualTo("RSTO ShR code=6 handshake=3 responderPayload=0");
    }

    @Test
    void aSynThenRstWithoutAnswerIsRstos0() {
        client(TCP_SYN, 100, 0).client(TCP_RST, 101, 0);

        assertThat(summary()).isEqualTo("RSTOS0 SR code=8 handshake=1 responderPayload=0");
    }

    @Test
    void anEstablishedConnectionNotClosedIsS1AndAnOriginatorCloseIsS2() {
        client(TCP_SYN, 100, 0).server(TCP_SYN | TCP_ACK, 500, 0).client(TCP_ACK, 101, 0);
        assertThat(summary()).isEqualTo("S1 ShA code=1 handshake=4 responderPayload=0");

        client(TCP_FIN | TCP_ACK, 101, 0);
        assertThat(summary()).isEqualTo("S2 ShAF code=4 handshake=4 responderPayload=0");
    }

    @Test
    void midstreamTrafficIsOth() {
        client(TCP_PSH | TCP_ACK, 7000, 100).server(TCP_ACK, 9000, 0).server(TCP_PSH | TCP_ACK, 9000, 50);

        assertThat(summary()).isEqualTo("OTH Dad code=12 handshake=0 responderPayload=1");
    }

    @Test
    void retransmissionsAreMarkedAtTheFirstAndTheTenth() {
        client(TCP_SYN, 100, 0).server(TCP_SYN | TCP_ACK, 500, 0).client(TCP_ACK, 101, 0);
        for (int i = 0; i < 10; i++) {
            client(TCP_PSH | TCP_ACK, 101, 10);
        }
        assertThat(summary()).isEqualTo("S1 ShADT code=1 handshake=4 responderPayload=0");

        client(TCP_PSH | TCP_ACK, 101, 10);
        assertThat(summary()).isEqualTo("S1 ShADTT code=1 handshake=4 responderPayload=0");
    }

    @Test
    void aSynAckSeenFirstIsFlipped() {
        server(TCP_SYN | TCP_ACK, 500, 0).client(TCP_ACK, 101, 0);

        FlowRecord r = flow(packets);
        assertThat(r.srcIp).isEqualTo(CLIENT);
        assertThat(summary(r)).isEqualTo("S1 ^hA code=1 handshake=0 responderPayload=0");
    }

    @Test
    void udpFlowsAreSfWhenAnsweredAndS0Otherwise() {
        PacketRecord request = udp(1, CLIENT, 5000, SERVER, 53, 80);
        request.setIpPayloadLength(46);
        request.setTransportHeaderLength(8);
        PacketRecord answer = udp(2, SERVER, 53, CLIENT, 5000, 120);
        answer.setIpPayloadLength(86);
        answer.setTransportHeaderLength(8);

        assertThat(summary(flow(List.of(request, answer)))).isEqualTo("SF Dd code=2 handshake=0 responderPayload=1");
        assertThat(summary(flow(List.of(request)))).isEqualTo("S0 D code=0 handshake=0 responderPayload=0");
    }

    @Test
    void textColumnsAreWrittenButAreNoModelInput() {
        assertThat(SETTINGS.layout().writtenColumns()).extracting(c -> c.name())
                .endsWith("connState", "history", "connStateCode", "handshake", "responderPayload");
        assertThat(FeatureRegistry.layout(FeatureSet.FLOWMETER, List.of("connStateCode"), FeatureConfig.defaults())
                .indexOf("connStateCode")).isPositive();
        assertThatThrownBy(() -> FeatureRegistry.layout(FeatureSet.FLOWMETER, List.of("history"),
                FeatureConfig.defaults()))
                .hasMessageContaining("column(s) history hold text, which a model does not read");
    }

    @Test
    void itsStateSurvivesACheckpointAndTheHistoryIsBounded() throws Exception {
        TcpEndpoints state = new TcpEndpoints();
        state.tcpPacket(TcpEndpoints.ORIG, TCP_SYN, 100, 64240, 0);
        state.tcpPacket(TcpEndpoints.RESP, TCP_SYN | TCP_ACK, 500, 65535, 0);
        for (int i = 0; i < 100; i++) {
            state.tcpPacket(TcpEndpoints.ORIG, TCP_RST, 1000 * i, 0, 0); // a new RST sequence number each time
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        new ConnectionState().writeState(state, out);
        TcpEndpoints read = new ConnectionState().readState(1, new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(read.history()).isEqualTo(state.history()).hasSize(TcpEndpoints.HISTORY_LIMIT).startsWith("ShR");
        assertThat(read.tcpConnState()).isEqualTo(state.tcpConnState()).isEqualTo("RSTO");
        assertThat(read.handshake()).isEqualTo(state.handshake());
    }
}
