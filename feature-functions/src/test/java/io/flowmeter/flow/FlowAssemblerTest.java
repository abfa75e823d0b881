package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.flowmeter.flow.TestPackets.seq;
import static io.flowmeter.flow.TestPackets.tcp;
import static io.flowmeter.flow.TestPackets.udp;
import static io.flowmeter.packet.PacketRecord.TCP_ACK;
import static io.flowmeter.packet.PacketRecord.TCP_FIN;
import static io.flowmeter.packet.PacketRecord.TCP_PSH;
import static io.flowmeter.packet.PacketRecord.TCP_RST;
import static io.flowmeter.packet.PacketRecord.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

class FlowAssemblerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * SECOND;
    private static final String C = "192.168.1.10";
    private static final String S = "93.184.216.34";

    private KeyedOneInputStreamOperatorTestHarness<FlowKey, PacketRecord, FlowRecord> harness;

    private void open(long idleSeconds, long activeSeconds, int minPackets) throws Exception {
        open(new FlowSettings(Duration.ofSeconds(idleSeconds), Duration.ofSeconds(activeSeconds), minPackets), null);
    }

    private void open(FlowSettings settings, OperatorSubtaskState restored) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FlowAssembler(settings)),
                new FlowKeySelector(), TypeInformation.of(FlowKey.class));
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void send(PacketRecord... packets) throws Exception {
        for (PacketRecord p : packets) {
            harness.processElement(new StreamRecord<>(p, FlowAssembler.eventTimeMillis(p.getTimestampNanos())));
        }
    }

    private void watermarkAt(long nanos) throws Exception {
        harness.processWatermark(FlowAssembler.eventTimeMillis(nanos));
    }

    private void endOfInput() throws Exception {
        harness.processWatermark(Long.MAX_VALUE);
    }

    /** The value of {@code column} in a record of the extended set. */
    private static double extended(FlowRecord r, String column) {
        return r.values[FlowSettings.defaults().withFeatures(FeatureSet.EXTENDED, Duration.ofSeconds(5), 0).layout()
                .indexOf(column)];
    }

    private List<FlowRecord> flows() {
        return harness.extractOutputValues();
    }

    /** Default timeouts, no linger: a closed flow is emitted with the packet that closed it. */
    private static FlowSettings noLinger() {
        return FlowSettings.defaults().withTcpLinger(Duration.ZERO);
    }

    /** A handshake, a request and both FINs with the last ACK, from {@code T0 + start}: closed by its last packet. */
    private static PacketRecord[] closedConnection(long start) {
        return new PacketRecord[] {seq(tcp(T0 + start, C, 40000, S, 80, TCP_SYN, 74), 1000),
                tcp(T0 + start + 10, S, 80, C, 40000, TCP_SYN | TCP_ACK, 74),
                tcp(T0 + start + 20, C, 40000, S, 80, TCP_ACK, 66),
                tcp(T0 + start + 30, C, 40000, S, 80, TCP_ACK | TCP_PSH, 200),
                tcp(T0 + start + 40, S, 80, C, 40000, TCP_FIN | TCP_ACK, 66),
                tcp(T0 + start + 50, C, 40000, S, 80, TCP_FIN | TCP_ACK, 66),
                tcp(T0 + start + 60, S, 80, C, 40000, TCP_ACK, 66)};
    }

    @Test
    void withoutALingerARstEndsTheFlowWithThatPacket() throws Exception {
        open(noLinger(), null);
        send(tcp(T0, C, 40000, S, 80, TCP_SYN, 74),
                tcp(T0 + 1000, S, 80, C, 40000, TCP_RST | TCP_ACK, 54),
                tcp(T0 + 2000, S, 80, C, 40000, TCP_RST, 54));

        assertThat(flows()).hasSize(2);
        FlowRecord first = flows().get(0);
        assertThat(first.endReason).isEqualTo("rst");
        assertThat(first.srcIp).isEqualTo(C);
        assertThat(first.get(FlowFeature.flowLength)).isEqualTo(2);
        assertThat(first.flowEndNs).isEqualTo(T0 + 1000);
        assertThat(flows().get(1).srcIp).isEqualTo(S);
    }

    @Test
    void withoutALingerFinsFromBothSidesAndTheLastAckEndTheFlow() throws Exception {
        open(noLinger(), null);
        send(tcp(T0, C, 40000, S, 80, TCP_SYN, 74),
                tcp(T0 + 10, S, 80, C, 40000, TCP_SYN | TCP_ACK, 74),
                tcp(T0 + 20, C, 40000, S, 80, TCP_ACK, 66),
                tcp(T0 + 30, C, 40000, S, 80, TCP_ACK | TCP_PSH, 200),
                tcp(T0 + 40, S, 80, C, 40000, TCP_FIN | TCP_ACK, 66),
                tcp(T0 + 50, C, 40000, S, 80, TCP_ACK, 66));
        assertThat(flows()).as("one FIN is not the end").isEmpty();

        send(tcp(T0 + 60, C, 40000, S, 80, TCP_FIN | TCP_ACK, 66),
                tcp(T0 + 70, S, 80, C, 40000, TCP_ACK, 66));

        assertThat(flows()).hasSize(1);
        FlowRecord flow = flows().get(0);
        assertThat(flow.endReason).isEqualTo("fin");
        assertThat(flow.get(FlowFeature.fwdFlowLength)).isEqualTo(5);
        assertThat(flow.get(FlowFeature.bwdFlowLength)).isEqualTo(3);
        assertThat(flow.flowEndNs).isEqualTo(T0 + 70);
    }

    @Test
    void aClosedFlowLeavesTheTableOnceEventTimeHasPassedTheLinger() throws Exception {
        open(FlowSettings.defaults(), null);
        send(closedConnection(0));
        assertThat(harness.numKeyedStateEntries()).as("lingering").isEqualTo(1);

        watermarkAt(T0 + 60 + 5 * SECOND - 1_000_000);
        assertThat(flows()).isEmpty();
        watermarkAt(T0 + 60 + 5 * SECOND + 1_000_000);

        assertThat(flows()).hasSize(1);
        FlowRecord flow = flows().get(0);
        assertThat(flow.endReason).isEqualTo("fin");
        assertThat(flow.get(FlowFeature.flowLength)).isEqualTo(7);
        assertThat(flow.flowEndNs).isEqualTo(T0 + 60);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void thePeersLateLastAckBelongsToTheClosedFlow() throws Exception {
        open(FlowSettings.defaults(), null);
        send(closedConnection(0));
        send(tcp(T0 + 200_000_000, C, 40000, S, 80, TCP_ACK, 66));
        endOfInput();

        assertThat(flows()).hasSize(1);
        FlowRecord flow = flows().get(0);
        assertThat(flow.endReason).isEqualTo("fin");
        assertThat(flow.get(FlowFeature.fwdFlowLength)).isEqualTo(5);
        assertThat(flow.flowEndNs).as("its last packet").isEqualTo(T0 + 200_000_000);
    }

    @Test
    void aRetransmittedFinAndItsAckBelongToTheClosedFlow() throws Exception {
        open(FlowSettings.defaults().withFeatures(FeatureSet.EXTENDED, Duration.ofSeconds(5), 0), null);
        send(closedConnection(0));
        send(tcp(T0 + SECOND, S, 80, C, 40000, TCP_FIN | TCP_ACK, 66), tcp(T0 + SECOND + 10, C, 40000, S, 80, TCP_ACK, 66));
        endOfInput();

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("fin");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(9);
        assertThat(extended(flows().get(0), "bwdFinFlags")).as("the FIN and its retransmission").isEqualTo(2);
        assertThat(extended(flows().get(0), "fwdFinFlags")).isEqualTo(1);
    }

    @Test
    void aSecondRstBelongsToTheResetFlow() throws Exception {
        open(FlowSettings.defaults(), null);
        send(tcp(T0, C, 40000, S, 80, TCP_SYN, 74),
                tcp(T0 + 1000, S, 80, C, 40000, TCP_RST | TCP_ACK, 54),
                tcp(T0 + 2000, S, 80, C, 40000, TCP_RST, 54));
        endOfInput();

        assertThat(flows()).hasSize(1);
        FlowRecord flow = flows().get(0);
        assertThat(flow.endReason).isEqualTo("rst");
        assertThat(flow.srcIp).isEqualTo(C);
        assertThat(flow.get(FlowFeature.flowLength)).isEqualTo(3);
        assertThat(flow.flowEndNs).isEqualTo(T0 + 2000);
    }

    @Test
    void dataAfterARstAndTheRstAnsweringItBelongToTheResetFlow() throws Exception {
        open(FlowSettings.defaults(), null);
        send(seq(tcp(T0, C, 40000, S, 80, TCP_SYN, 74), 7),
                tcp(T0 + 10, S, 80, C, 40000, TCP_SYN | TCP_ACK, 74),
                tcp(T0 + 20, C, 40000, S, 80, TCP_ACK, 66),
                tcp(T0 + 30, C, 40000, S, 80, TCP_RST | TCP_ACK, 66),
                tcp(T0 + 100_000_000, S, 80, C, 40000, TCP_ACK | TCP_PSH, 1500),
                tcp(T0 + 100_000_100, C, 40000, S, 80, TCP_RST, 54));
        endOfInput();

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("rst");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(6);
        assertThat(flows().get(0).get(FlowFeature.bwdPacketSizeMax)).isEqualTo(1500);
    }

    @Test
    void aSynOfANewConnectionDuringTheLingerEndsTheFlowAtOnce() throws Exception {
        open(FlowSettings.defaults(), null);
        send(closedConnection(0));
        send(seq(tcp(T0 + SECOND, C, 40000, S, 80, TCP_SYN, 74), 5000));

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("fin");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(7);

        endOfInput();
        assertThat(flows()).hasSize(2);
        assertThat(flows().get(1).flowStartNs).isEqualTo(T0 + SECOND);
        assertThat(flows().get(1).endReason).isEqualTo("eof");
    }

    @Test
    void aClientRetryingARefusedConnectionWithTheSameSynIsOneFlow() throws Exception {
        open(FlowSettings.defaults(), null);
        for (long retry = 0; retry < 3; retry++) {
            send(seq(tcp(T0 + retry * SECOND / 2, C, 40000, S, 445, TCP_SYN, 66), 0x5EED),
                    tcp(T0 + retry * SECOND / 2 + 100_000, S, 445, C, 40000, TCP_RST | TCP_ACK, 54));
        }
        endOfInput();

        assertThat(flows()).hasSize(1);
        FlowRecord flow = flows().get(0);
        assertThat(flow.endReason).isEqualTo("rst");
        assertThat(flow.srcIp).isEqualTo(C);
        assertThat(flow.get(FlowFeature.fwdFlowLength)).isEqualTo(3);
        assertThat(flow.get(FlowFeature.bwdFlowLength)).isEqualTo(3);
    }

    @Test
    void aPacketAfterTheLingerStartsANewFlow() throws Exception {
        open(FlowSettings.defaults(), null);
        send(closedConnection(0));
        send(tcp(T0 + 60 + 5 * SECOND + 1, C, 40000, S, 80, TCP_ACK, 66));

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("fin");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(7);
        endOfInput();
        assertThat(flows()).hasSize(2);
        assertThat(flows().get(1).get(FlowFeature.flowLength)).isEqualTo(1);
    }

    @Test
    void theLingerEndsAtTheIdleTimeoutWhenThatComesFirst() throws Exception {
        open(new FlowSettings(Duration.ofSeconds(2), Duration.ofSeconds(1800), 0).withTcpLinger(Duration.ofSeconds(5)),
                null);
        send(closedConnection(0));
        send(tcp(T0 + 60 + SECOND, S, 80, C, 40000, TCP_ACK, 66));
        assertThat(flows()).as("1 s after the last packet: lingering").isEmpty();

        send(tcp(T0 + 60 + 3 * SECOND + 1, C, 40000, S, 80, TCP_ACK, 66));
        assertThat(flows()).as("more than the idle timeout after the last packet").hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("fin");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(8);

        watermarkAt(T0 + 60 + 5 * SECOND + 2_000_000);
        assertThat(flows()).as("the new flow ends idle at its own deadline").hasSize(2);
        assertThat(flows().get(1).endReason).isEqualTo("idle");
    }

    @Test
    void theLingerEndsAtTheActiveTimeoutWhenThatComesFirst() throws Exception {
        open(new FlowSettings(Duration.ofSeconds(120), Duration.ofSeconds(10), 0).withTcpLinger(Duration.ofSeconds(5)),
                null);
        send(seq(tcp(T0, C, 40000, S, 80, TCP_SYN, 74), 1), tcp(T0 + 9 * SECOND, S, 80, C, 40000, TCP_RST | TCP_ACK, 54));

        watermarkAt(T0 + 10 * SECOND + 1_000_000);

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).as("the close's reason, at the active deadline").isEqualTo("rst");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aLingeringFlowIsEmittedAtTheEndOfInputWithTheReasonOfItsClose() throws Exception {
        open(FlowSettings.defaults(), null);
        send(tcp(T0, C, 40000, S, 80, TCP_SYN, 74), tcp(T0 + 1000, S, 80, C, 40000, TCP_RST | TCP_ACK, 54));
        assertThat(flows()).isEmpty();

        endOfInput();

        assertThat(flows()).extracting(f -> f.endReason).containsExactly("rst");
    }

    @Test
    void aSynWithANewInitialSequenceNumberEndsAnOpenFlowAsReused() throws Exception {
        open(FlowSettings.defaults(), null);
        send(seq(tcp(T0, C, 40000, S, 80, TCP_SYN, 60), 111), seq(tcp(T0 + 1000, C, 40000, S, 80, TCP_SYN, 60), 111),
                seq(tcp(T0 + 2000, C, 40000, S, 80, TCP_SYN, 60), 222));

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("reused");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).as("the SYN and its retransmission").isEqualTo(2);
        endOfInput();
        assertThat(flows()).hasSize(2);
        assertThat(flows().get(1).flowStartNs).isEqualTo(T0 + 2000);
    }

    @Test
    void synReusingAFinishedTupleStartsANewFlow() throws Exception {
        open(noLinger(), null);
        send(seq(tcp(T0, C, 40000, S, 80, TCP_SYN, 74), 1),
                tcp(T0 + 10, C, 40000, S, 80, TCP_FIN | TCP_ACK, 66),
                tcp(T0 + 20, S, 80, C, 40000, TCP_FIN | TCP_ACK, 66),
                seq(tcp(T0 + 30, C, 40000, S, 80, TCP_SYN, 74), 99));

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("fin");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(3);

        endOfInput();
        assertThat(flows()).hasSize(2);
        assertThat(flows().get(1).flowStartNs).isEqualTo(T0 + 30);
    }

    @Test
    void aLingeringFlowSurvivesARestoreFromACheckpoint() throws Exception {
        open(FlowSettings.defaults(), null);
        send(closedConnection(0));
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0 / 1_000_000L);
        harness.close();

        open(FlowSettings.defaults(), checkpoint);
        send(tcp(T0 + SECOND, C, 40000, S, 80, TCP_ACK, 66));
        assertThat(flows()).as("still lingering").isEmpty();
        send(seq(tcp(T0 + 2 * SECOND, C, 40000, S, 80, TCP_SYN, 74), 1000));
        assertThat(flows()).as("a retransmission of the first SYN, not a new connection").isEmpty();
        watermarkAt(T0 + 6 * SECOND);

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("fin");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(9);
    }

    @Test
    void aLingeringFlowGetsNoEarlyRecord() throws Exception {
        open(FlowSettings.defaults().withEarlyRecord(3, Duration.ZERO), null);
        send(tcp(T0, C, 40000, S, 80, TCP_SYN, 74), tcp(T0 + 1000, S, 80, C, 40000, TCP_RST | TCP_ACK, 54),
                tcp(T0 + 2000, S, 80, C, 40000, TCP_RST, 54), tcp(T0 + 3000, S, 80, C, 40000, TCP_RST, 54));
        endOfInput();

        assertThat(flows()).extracting(f -> f.endReason).containsExactly("rst");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(4);
    }

    @Test
    void aPacketAfterTheIdleTimeoutStartsANewFlow() throws Exception {
        open(10, 1800, 0);
        send(udp(T0, C, 5000, S, 53, 80), udp(T0 + 10 * SECOND, S, 53, C, 5000, 90),
                udp(T0 + 20 * SECOND + 1, C, 5000, S, 53, 80));

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("idle");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(2);
    }

    @Test
    void eventTimeExpiresAnIdleFlowWithoutFurtherPackets() throws Exception {
        open(10, 1800, 0);
        send(udp(T0, C, 5000, S, 53, 80), udp(T0 + 2 * SECOND, S, 53, C, 5000, 90));

        watermarkAt(T0 + 11 * SECOND);
        assertThat(flows()).as("idle for 9 s only").isEmpty();

        watermarkAt(T0 + 12 * SECOND);
        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("idle");
        assertThat(flows().get(0).flowEndNs).isEqualTo(T0 + 2 * SECOND);
    }

    @Test
    void aFlowEndsAtTheActiveTimeout() throws Exception {
        open(10, 30, 0);
        for (int i = 0; i <= 60; i += 5) {
            send(udp(T0 + i * SECOND, C, 5000, S, 53, 80));
        }

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).as("ended by the packet at 35 s").isEqualTo("active");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(7);

        watermarkAt(T0 + 64 * SECOND);
        assertThat(flows()).hasSize(1);
        watermarkAt(T0 + 65 * SECOND);
        assertThat(flows()).hasSize(2);
        assertThat(flows().get(1).endReason).as("ended by event time at 35 + 30 s").isEqualTo("active");
        assertThat(flows().get(1).get(FlowFeature.flowLength)).isEqualTo(6);
    }

    @Test
    void endOfInputFlushesEveryOpenFlow() throws Exception {
        open(120, 1800, 0);
        send(udp(T0, C, 1, S, 2, 80), udp(T0, C, 3, S, 4, 80), tcp(T0, C, 5, S, 6, TCP_SYN, 60));

        endOfInput();

        assertThat(flows()).hasSize(3).allSatisfy(f -> assertThat(f.endReason).isEqualTo("eof"));
    }

    /** {@code p} holding a frame of its wire length whose first byte is {@code mark}. */
    private static PacketRecord framed(PacketRecord p, int mark) {
        byte[] bytes = new byte[p.getWireLength()];
        bytes[0] = (byte) mark;
        p.setFrame(bytes, 0, bytes.length, 1);
        return p;
    }

    private List<FlowFrame> frames() {
        java.util.Queue<StreamRecord<FlowFrame>> side = harness.getSideOutput(FlowAssembler.FRAMES);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue)
                .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void forwardedFramesAreTaggedWithTheirFlowAndEachFlowsFramesEndWithAMark() throws Exception {
        open(noLinger().withForwardedFrames(), null);
        send(framed(tcp(T0, C, 40000, S, 80, TCP_SYN, 74), 1),
                framed(tcp(T0 + 10, S, 80, C, 40000, TCP_RST | TCP_ACK, 60), 2),
                framed(udp(T0 + 20, C, 5353, S, 53, 80), 3),
                udp(T0 + 30, S, 53, C, 5353, 90));

        assertThat(frames()).extracting(f -> f.isEnd() ? "end" : "frame " + f.bytes()[0])
                .containsExactly("frame 1", "frame 2", "end", "frame 3");
        assertThat(frames().subList(0, 3)).allSatisfy(f -> {
            assertThat(f.flowStartNanos()).isEqualTo(T0);
            assertThat(f.key()).isEqualTo(FlowKey.of(flows().get(0)));
        });
        FlowFrame first = frames().get(0);
        assertThat(first.timestampNanos()).isEqualTo(T0);
        assertThat(first.wireLength()).isEqualTo(74);
        assertThat(first.linkType()).isEqualTo(1);
        assertThat(first.bytes()).hasSize(74);
        assertThat(frames().get(2).recorded()).as("a verdict follows the record").isTrue();
        assertThat(flows().get(0).flowStartNs).isEqualTo(T0);

        endOfInput();
        assertThat(frames()).hasSize(5);
        assertThat(frames().get(4).isEnd()).as("the UDP flow ended at the end of input").isTrue();
        assertThat(frames().get(4).flowStartNanos()).isEqualTo(T0 + 20);
        assertThat(frames()).as("the packet without a frame").noneMatch(f -> f.timestampNanos() == T0 + 30 && !f.isEnd());
    }

    @Test
    void aFlowBelowMinPacketsEndsItsFramesAsUnrecordedAndAnEvictedPacketsFrameIsItsOwnFlow() throws Exception {
        FlowSettings settings = new FlowSettings(Duration.ofSeconds(120), Duration.ofSeconds(1800), 2)
                .withMaxFlows(1).withForwardedFrames();
        open(settings, null);
        send(framed(udp(T0, C, 1, S, 53, 80), 1), framed(udp(T0 + 1, C, 2, S, 53, 80), 2));

        assertThat(frames()).extracting(f -> f.isEnd() + ":" + f.recorded() + ":" + f.flowStartNanos())
                .containsExactly("false:false:" + T0, "false:false:" + (T0 + 1), "true:false:" + (T0 + 1));

        endOfInput();
        assertThat(frames()).last().satisfies(f -> {
            assertThat(f.isEnd()).isTrue();
            assertThat(f.recorded()).as("one packet, below --min-packets 2").isFalse();
            assertThat(f.flowStartNanos()).isEqualTo(T0);
        });
    }

    @Test
    void withoutForwardingNoFramesGoOn() throws Exception {
        open(noLinger(), null);
        send(framed(udp(T0, C, 1, S, 53, 80), 1));
        endOfInput();
        assertThat(frames()).isEmpty();
    }

    @Test
    void minPacketsDropsShortFlows() throws Exception {
        open(120, 1800, 3);
        send(udp(T0, C, 1, S, 2, 80), udp(T0 + 1, C, 1, S, 2, 80),
                udp(T0, C, 3, S, 4, 80), udp(T0 + 1, C, 3, S, 4, 80), udp(T0 + 2, S, 4, C, 3, 80));

        endOfInput();

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).srcPort).isEqualTo(3);
    }

    @Test
    void flowsFarBehindTheWatermarkAreNotCutPerPacket() throws Exception {
        open(10, 1800, 0);
        watermarkAt(T0 + 1000 * SECOND);
        long old = T0 - 365L * 24 * 3600 * SECOND;

        send(udp(old, C, 1, S, 2, 80));
        watermarkAt(T0 + 1001 * SECOND);
        send(udp(old + SECOND, S, 2, C, 1, 80));
        watermarkAt(T0 + 1002 * SECOND);
        assertThat(flows()).isEmpty();

        send(udp(old + 20 * SECOND, C, 1, S, 2, 80));
        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(2);

        endOfInput();
        assertThat(flows()).hasSize(2);
        assertThat(flows().get(1).endReason).isEqualTo("eof");
    }

    @Test
    void withAnEndlessInputALateFlowEndsOnceEventTimeMovesOnByTheIdleTimeout() throws Exception {
        open(new FlowSettings(Duration.ofSeconds(10), Duration.ofSeconds(1800), 0).withUnboundedInput(), null);
        watermarkAt(T0 + 1000 * SECOND);
        long late = T0 + 500 * SECOND;

        send(udp(late, C, 1, S, 2, 80));
        send(udp(late + SECOND, S, 2, C, 1, 80));
        watermarkAt(T0 + 1009 * SECOND);
        assertThat(flows()).isEmpty();
        watermarkAt(T0 + 1011 * SECOND);

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(2);
        assertThat(flows().get(0).endReason).isEqualTo("idle");
    }

    @Test
    void stateIsClearedWhenFlowsEnd() throws Exception {
        open(10, 1800, 0);
        send(tcp(T0, C, 1, S, 2, TCP_SYN, 60), tcp(T0 + 1, S, 2, C, 1, TCP_RST, 60), udp(T0, C, 3, S, 4, 80));
        watermarkAt(T0 + 20 * SECOND);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aFlowGetsOneEarlyRecordAtNPacketsAndItsFinalRecordAtTheEnd() throws Exception {
        open(FlowSettings.defaults().withEarlyRecord(3, Duration.ZERO), null);
        send(udp(T0, C, 5000, S, 53, 80), udp(T0 + 1, S, 53, C, 5000, 90));
        assertThat(flows()).isEmpty();

        send(udp(T0 + 2, C, 5000, S, 53, 80), udp(T0 + 3, S, 53, C, 5000, 90), udp(T0 + 4, C, 5000, S, 53, 80));
        assertThat(flows()).hasSize(1);
        FlowRecord early = flows().get(0);
        assertThat(early.endReason).isEqualTo("partial");
        assertThat(early.get(FlowFeature.flowLength)).isEqualTo(3);
        assertThat(early.flowEndNs).isEqualTo(T0 + 2);

        endOfInput();
        assertThat(flows()).hasSize(2);
        FlowRecord last = flows().get(1);
        assertThat(last.endReason).isEqualTo("eof");
        assertThat(last.get(FlowFeature.flowLength)).isEqualTo(5);
        assertThat(last.flowStartNs).isEqualTo(early.flowStartNs);
    }

    @Test
    void aFlowGetsItsEarlyRecordAtThePacketThatMakesItLastLongEnough() throws Exception {
        open(FlowSettings.defaults().withEarlyRecord(0, Duration.ofSeconds(10)), null);
        send(udp(T0, C, 5000, S, 53, 80), udp(T0 + 5 * SECOND, S, 53, C, 5000, 90));
        assertThat(flows()).isEmpty();

        send(udp(T0 + 10 * SECOND, C, 5000, S, 53, 80), udp(T0 + 15 * SECOND, C, 5000, S, 53, 80));

        assertThat(flows()).hasSize(1);
        assertThat(flows().get(0).endReason).isEqualTo("partial");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(3);
    }

    @Test
    void aFlowEndingWithThePacketThatWouldMakeItDueGetsOnlyItsFinalRecord() throws Exception {
        open(noLinger().withEarlyRecord(2, Duration.ZERO), null);
        send(tcp(T0, C, 40000, S, 80, TCP_SYN, 74), tcp(T0 + 1000, S, 80, C, 40000, TCP_RST | TCP_ACK, 54));

        assertThat(flows()).extracting(f -> f.endReason).containsExactly("rst");
    }

    @Test
    void theEarlyRecordIsNotRepeatedAfterARestoreFromACheckpoint() throws Exception {
        FlowSettings settings = FlowSettings.defaults().withEarlyRecord(2, Duration.ZERO);
        open(settings, null);
        send(udp(T0, C, 5000, S, 53, 80), udp(T0 + 1, S, 53, C, 5000, 90));
        assertThat(flows()).hasSize(1);
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0 / 1_000_000L);
        harness.close();

        open(settings, checkpoint);
        send(udp(T0 + 2, C, 5000, S, 53, 80));
        endOfInput();

        assertThat(flows()).extracting(f -> f.endReason).containsExactly("eof");
        assertThat(flows().get(0).get(FlowFeature.flowLength)).isEqualTo(3);
    }

    @Test
    void aFullTableAdmitsNoNewFlowAndEmitsItsPacketAsAnEvictedFlow() throws Exception {
        open(FlowSettings.defaults().withMaxFlows(2), null);
        send(udp(T0, C, 1, S, 53, 80), udp(T0 + 1, C, 2, S, 53, 80));
        assertThat(flows()).isEmpty();

        send(udp(T0 + 2, C, 3, S, 53, 80), udp(T0 + 3, S, 53, C, 3, 90));
        assertThat(flows()).extracting(f -> f.endReason).containsExactly("evicted", "evicted");
        assertThat(flows()).allSatisfy(f -> assertThat(f.get(FlowFeature.flowLength)).isEqualTo(1));

        send(udp(T0 + 4, S, 53, C, 1, 90));
        send(tcp(T0 + 5, C, 4, S, 80, TCP_SYN, 60));
        assertThat(flows()).hasSize(3).last().satisfies(f -> assertThat(f.endReason).isEqualTo("evicted"));
        assertThat(harness.numKeyedStateEntries()).as("the two admitted flows").isEqualTo(2);

        endOfInput();
        assertThat(flows()).hasSize(5);
        assertThat(flows().subList(3, 5)).extracting(f -> f.srcPort + ":" + f.get(FlowFeature.flowLength) + ":"
                + f.endReason).containsExactlyInAnyOrder("1:2.0:eof", "2:1.0:eof");
    }

    @Test
    void aFlowLeavingTheTableMakesRoomForANewOne() throws Exception {
        open(noLinger().withMaxFlows(1), null);
        send(tcp(T0, C, 1, S, 80, TCP_SYN, 60), tcp(T0 + 1, S, 80, C, 1, TCP_RST | TCP_ACK, 60));
        send(udp(T0 + 2, C, 5, S, 53, 80), udp(T0 + 3, C, 6, S, 53, 80));

        assertThat(flows()).extracting(f -> f.endReason).containsExactly("rst", "evicted");
        assertThat(flows().get(1).srcPort).isEqualTo(6);
    }

    @Test
    void aLingeringFlowKeepsItsPlaceInTheTableUntilTheLingerHasPassed() throws Exception {
        open(FlowSettings.defaults().withMaxFlows(1), null);
        send(tcp(T0, C, 1, S, 80, TCP_SYN, 60), tcp(T0 + 1, S, 80, C, 1, TCP_RST | TCP_ACK, 60));
        send(udp(T0 + 2, C, 5, S, 53, 80));
        assertThat(flows()).extracting(f -> f.endReason).containsExactly("evicted");

        watermarkAt(T0 + 6 * SECOND);
        send(udp(T0 + 6 * SECOND, C, 6, S, 53, 80));

        assertThat(flows()).extracting(f -> f.endReason).containsExactly("evicted", "rst");
        assertThat(harness.numKeyedStateEntries()).as("the UDP flow, admitted").isEqualTo(1);
    }

    @Test
    void theOpenFlowCountSurvivesARestoreFromACheckpoint() throws Exception {
        FlowSettings settings = FlowSettings.defaults().withMaxFlows(2);
        open(settings, null);
        send(udp(T0, C, 1, S, 53, 80), udp(T0 + 1, C, 2, S, 53, 80));
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0 / 1_000_000L);
        harness.close();

        open(settings, checkpoint);
        send(udp(T0 + 2, C, 3, S, 53, 80));

        assertThat(flows()).extracting(f -> f.endReason).containsExactly("evicted");
    }
}
