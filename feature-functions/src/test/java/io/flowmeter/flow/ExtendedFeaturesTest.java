package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.flowmeter.flow.TestPackets.tcpSegment;
import static io.flowmeter.flow.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The plugins of the extended set, and the ICMP plugin the CIC mapping uses, on crafted packets. */
class ExtendedFeaturesTest {

    private static final String CLIENT = "10.0.0.9";
    private static final String SERVER = "10.0.0.1";
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final int SYN = PacketRecord.TCP_SYN;
    private static final int ACK = PacketRecord.TCP_ACK;
    private static final int PSH = PacketRecord.TCP_PSH;
    private static final int FIN = PacketRecord.TCP_FIN;

    private static final FlowSettings EXTENDED = FlowSettings.defaults()
            .withFeatures(FeatureSet.EXTENDED, Duration.ofSeconds(5), 4).withExtraColumns(List.of("icmpType"));

    /** The value of {@code column} in a record of {@link #EXTENDED}. */
    private static double get(FlowRecord r, String column) {
        int index = EXTENDED.layout().indexOf(column);
        assertThat(index).as(column).isNotNegative();
        return r.values[index];
    }

    /** The first-packet columns of a record of {@link #EXTENDED}: sizes, gaps, directions. */
    private static double[] firstPackets(FlowRecord r) {
        int from = EXTENDED.layout().indexOf("firstPacketSize1");
        return java.util.Arrays.copyOfRange(r.values, from, from + 3 * 4);
    }

    private static FlowRecord flow(List<PacketRecord> packets) {
        return FlowRecord.of(FlowKey.of(packets.get(0)), accumulate(EXTENDED, packets), EndReason.FIN);
    }

    /** A flow of {@code packets} in the state {@code settings} keep. */
    private static FlowAccumulator accumulate(FlowSettings settings, List<PacketRecord> packets) {
        FlowAccumulator flow = settings.newAccumulator();
        flow.start(packets.get(0), FlowKey.sourceIsA(packets.get(0)));
        for (PacketRecord p : packets) {
            flow.add(p, FlowKey.sourceIsA(p));
        }
        return flow;
    }

    /** A TCP connection: handshake, a request, a response of five 1000-byte segments 10 ms apart, teardown. */
    private static List<PacketRecord> connection() {
        List<PacketRecord> p = new ArrayList<>();
        p.add(tcpSegment(T0, CLIENT, 40000, SERVER, 80, SYN, 64240, 0));
        p.add(tcpSegment(T0 + MS, SERVER, 80, CLIENT, 40000, SYN | ACK, 65160, 0));
        p.add(tcpSegment(T0 + 2 * MS, CLIENT, 40000, SERVER, 80, ACK, 502, 0));
        p.add(tcpSegment(T0 + 3 * MS, CLIENT, 40000, SERVER, 80, PSH | ACK, 502, 100));
        p.add(tcpSegment(T0 + 4 * MS, SERVER, 80, CLIENT, 40000, ACK, 509, 0));
        for (int i = 0; i < 5; i++) {
            p.add(tcpSegment(T0 + (10 + 10 * i) * MS, SERVER, 80, CLIENT, 40000, ACK, 509, 1000));
        }
        p.add(tcpSegment(T0 + 70 * MS, CLIENT, 40000, SERVER, 80, FIN | ACK, 502, 0));
        p.add(tcpSegment(T0 + 71 * MS, SERVER, 80, CLIENT, 40000, FIN | ACK, 509, 0));
        p.add(tcpSegment(T0 + 72 * MS, CLIENT, 40000, SERVER, 80, ACK, 502, 0));
        return p;
    }

    @Test
    void flagsHeadersPayloadAndWindowsAreCountedPerDirection() {
        FlowRecord r = flow(connection());

        assertThat(get(r, "fwdSynFlags")).isEqualTo(1);
        assertThat(get(r, "bwdSynFlags")).isEqualTo(1);
        assertThat(get(r, "fwdAckFlags")).isEqualTo(4);
        assertThat(get(r, "bwdAckFlags")).isEqualTo(8);
        assertThat(get(r, "fwdPshFlags")).isEqualTo(1);
        assertThat(get(r, "fwdFinFlags")).isEqualTo(1);
        assertThat(get(r, "bwdFinFlags")).isEqualTo(1);
        assertThat(get(r, "bwdRstFlags")).isZero();
        assertThat(get(r, "fwdHeaderBytes")).isEqualTo(5 * 20);
        assertThat(get(r, "bwdHeaderBytes")).isEqualTo(8 * 20);
        assertThat(get(r, "fwdHeaderMin")).isEqualTo(20);
        assertThat(get(r, "payloadTotal")).isEqualTo(5100);
        assertThat(get(r, "fwdPayloadTotal")).isEqualTo(100);
        assertThat(get(r, "bwdPayloadMax")).isEqualTo(1000);
        assertThat(get(r, "bwdPayloadMin")).isZero();
        assertThat(get(r, "fwdPayloadMean")).isEqualTo(20);
        assertThat(get(r, "fwdDataPackets")).isEqualTo(1);
        assertThat(get(r, "bwdDataPackets")).isEqualTo(5);
        assertThat(get(r, "fwdInitWindow")).isEqualTo(64240);
        assertThat(get(r, "bwdInitWindow")).isEqualTo(65160);
        assertThat(get(r, "downUpRatio")).isEqualTo(8.0 / 5);
    }

    @Test
    void eachOfTheEightFlagsIsCountedInItsDirection() {
        List<PacketRecord> p = new ArrayList<>();
        int[] flags = {PacketRecord.TCP_FIN, SYN, PacketRecord.TCP_RST, PSH, ACK, PacketRecord.TCP_URG,
            PacketRecord.TCP_ECE, PacketRecord.TCP_CWR};
        p.add(tcpSegment(T0, CLIENT, 40000, SERVER, 80, SYN, 64240, 0));
        for (int i = 0; i < flags.length; i++) {
            // flag i: i + 1 times from the client, 2 * (i + 1) times from the server
            for (int k = 0; k < i + 1; k++) {
                p.add(tcpSegment(T0 + MS, CLIENT, 40000, SERVER, 80, flags[i], 502, 0));
                p.add(tcpSegment(T0 + MS, SERVER, 80, CLIENT, 40000, flags[i], 509, 0));
                p.add(tcpSegment(T0 + MS, SERVER, 80, CLIENT, 40000, flags[i], 509, 0));
            }
        }

        FlowRecord r = flow(p);

        String[] names = {"Fin", "Syn", "Rst", "Psh", "Ack", "Urg", "Ece", "Cwr"};
        for (int i = 0; i < flags.length; i++) {
            int fromClient = i + 1 + (flags[i] == SYN ? 1 : 0);
            assertThat(get(r, "fwd" + names[i] + "Flags")).as(names[i]).isEqualTo(fromClient);
            assertThat(get(r, "bwd" + names[i] + "Flags")).as(names[i]).isEqualTo(2 * (i + 1));
        }
    }

    @Test
    void aResponseOfFiveSegmentsIsOneBulkAndTheRequestNone() {
        FlowRecord r = flow(connection());

        assertThat(get(r, "bwdBulks")).isEqualTo(1);
        assertThat(get(r, "bwdBulkPacketsMean")).isEqualTo(5);
        assertThat(get(r, "bwdBulkBytesMean")).isEqualTo(5000);
        assertThat(get(r, "bwdBulkRate")).isCloseTo(5000 / 0.040, within(1e-6));
        assertThat(get(r, "fwdBulks")).isZero();
        assertThat(get(r, "fwdBulkRate")).isZero();
    }

    @Test
    void dataFromTheOtherSideOrAPauseEndsABulk() {
        List<PacketRecord> p = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            p.add(tcpSegment(T0 + i * MS, SERVER, 80, CLIENT, 40000, ACK, 509, 100));
        }
        p.add(tcpSegment(T0 + 3 * MS, CLIENT, 40000, SERVER, 80, PSH | ACK, 502, 10)); // interrupts: no bulk of 3
        for (int i = 0; i < 4; i++) {
            p.add(tcpSegment(T0 + (4 + i) * MS, SERVER, 80, CLIENT, 40000, ACK, 509, 100)); // a bulk of 4
        }
        for (int i = 0; i < 4; i++) {
            p.add(tcpSegment(T0 + 2 * S + i * 600 * MS, SERVER, 80, CLIENT, 40000, ACK, 509, 100)); // gaps < 1 s
        }
        p.add(tcpSegment(T0 + 10 * S, SERVER, 80, CLIENT, 40000, ACK, 509, 100)); // after a pause: alone

        FlowRecord r = flow(p);

        // the first packet is the server's, so forward is the server's side
        assertThat(get(r, "fwdBulks")).isEqualTo(2);
        assertThat(get(r, "fwdBulkPacketsMean")).isEqualTo(4);
        assertThat(get(r, "fwdBulkRate")).isCloseTo(800 / (0.003 + 1.8), within(1e-6));
    }

    @Test
    void activeAndIdlePeriodsAndSubflowsSplitAtTheirTimeouts() {
        List<PacketRecord> p = new ArrayList<>();
        for (long seconds : new long[] {0, 1, 2, 10, 11, 30}) {
            p.add(udp(T0 + seconds * S, CLIENT, 5000, SERVER, 53, 80));
        }

        FlowRecord r = flow(p);

        // active: 0-2 s and 10-11 s (the lone packet at 30 s lasts 0); idle: 8 s and 19 s; in microseconds
        assertThat(get(r, "activeMean")).isEqualTo(1.5e6);
        assertThat(get(r, "activeMin")).isEqualTo(1e6);
        assertThat(get(r, "activeMax")).isEqualTo(2e6);
        assertThat(get(r, "activeStd")).isEqualTo(0.5e6);
        assertThat(get(r, "activeSampleStd")).isCloseTo(Math.sqrt(0.5) * 1e6, within(1e-6));
        assertThat(get(r, "idleMean")).isEqualTo(13.5e6);
        assertThat(get(r, "idleMin")).isEqualTo(8e6);
        assertThat(get(r, "idleMax")).isEqualTo(19e6);
        // gaps over one second: 8 s and 19 s
        assertThat(get(r, "subflows")).isEqualTo(3);
        assertThat(get(r, "subflowFwdPackets")).isEqualTo(2);
    }

    @Test
    void theActivePeriodStillRunningAtTheEndCounts() {
        FlowRecord r = flow(List.of(udp(T0, CLIENT, 5000, SERVER, 53, 80), udp(T0 + 3 * S, SERVER, 53, CLIENT, 5000, 80)));

        assertThat(get(r, "activeMean")).isEqualTo(3e6);
        assertThat(get(r, "idleMean")).isZero();
        assertThat(get(r, "subflows")).isEqualTo(2);
    }

    @Test
    void theFirstPacketsKeepSizesGapsAndDirectionsAndFlipWithALateSyn() {
        List<PacketRecord> p = new ArrayList<>();
        p.add(tcpSegment(T0, CLIENT, 40000, SERVER, 80, PSH | ACK, 502, 10)); // mid-connection: sender taken as forward
        p.add(tcpSegment(T0 + 2 * MS, SERVER, 80, CLIENT, 40000, SYN, 65160, 0)); // the server starts a connection

        FlowRecord r = flow(p);

        assertThat(r.srcIp).isEqualTo(SERVER);
        // four slots: sizes, gaps (us), directions
        assertThat(firstPackets(r)).containsExactly(64, 54, 0, 0, 0, 2000, 0, 0, -1, 1, 0, 0);
        assertThat(get(r, "fwdSynFlags")).isEqualTo(1);
        assertThat(get(r, "bwdPshFlags")).isEqualTo(1);
        assertThat(get(r, "bwdPayloadTotal")).isEqualTo(10);
        assertThat(get(r, "fwdInitWindow")).isEqualTo(65160);
        assertThat(get(r, "bwdInitWindow")).isEqualTo(502);
    }

    @Test
    void anIcmpFlowKeepsTheTypeAndCodeOfItsFirstPacketAndOthersHaveNone() {
        PacketRecord request = TestPackets.packet(T0, CLIENT, 0, SERVER, 0, PacketRecord.PROTO_ICMP, 0, 98);
        request.setIcmpTypeCode(8 << 8);
        PacketRecord reply = TestPackets.packet(T0 + MS, SERVER, 0, CLIENT, 0, PacketRecord.PROTO_ICMP, 0, 98);
        reply.setIcmpTypeCode(0);

        FlowRecord ping = flow(List.of(request, reply));
        FlowRecord dns = flow(List.of(udp(T0, CLIENT, 5000, SERVER, 53, 80)));

        assertThat(get(ping, "icmpType")).isEqualTo(8);
        assertThat(get(ping, "icmpCode")).isZero();
        assertThat(get(dns, "icmpType")).isEqualTo(-1);
        assertThat(get(dns, "icmpCode")).isEqualTo(-1);
    }

    @Test
    void theExtendedStateSurvivesSerializationAndCopy() throws Exception {
        List<PacketRecord> packets = connection();
        FlowAccumulator flow = accumulate(EXTENDED, packets.subList(0, 7));
        FlowAccumulatorSerializer serializer = new FlowAccumulatorSerializer(EXTENDED.layout());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(flow, out);
        FlowAccumulator restored = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        FlowAccumulator copied = serializer.copy(flow);
        DataOutputSerializer copiedBytes = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copiedBytes);
        for (PacketRecord p : packets.subList(7, packets.size())) {
            flow.add(p, FlowKey.sourceIsA(p));
            restored.add(p, FlowKey.sourceIsA(p));
            copied.add(p, FlowKey.sourceIsA(p));
        }

        FlowKey key = FlowKey.of(packets.get(0));
        FlowRecord expected = FlowRecord.of(key, flow, EndReason.FIN);
        assertThat(FlowRecord.of(key, restored, EndReason.FIN).values).containsExactly(expected.values);
        assertThat(FlowRecord.of(key, copied, EndReason.FIN).values).containsExactly(expected.values);
        assertThat(copiedBytes.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    }

    @Test
    void aFlowWithTenFirstPacketsTakes959BytesInCheckpoints() throws Exception {
        FlowSettings settings = FlowSettings.defaults().withFeatures(FeatureSet.EXTENDED, Duration.ofSeconds(5), 10);
        FlowAccumulator flow = accumulate(settings, connection());
        DataOutputSerializer out = new DataOutputSerializer(64);
        new FlowAccumulatorSerializer(settings.layout()).serialize(flow, out);

        assertThat(out.length()).as("369 bytes of FlowMeter's state, 460 of the extended plugins, 13 per first packet")
                .isEqualTo(369 + 460 + 10 * 13);
    }

    @Test
    void flowMeterSettingsKeepOnlyFlowMetersStatistics() {
        PacketRecord p = udp(T0, CLIENT, 5000, SERVER, 53, 80);
        FlowAccumulator flow = accumulate(FlowSettings.defaults(), List.of(p));

        FlowRecord r = FlowRecord.of(FlowKey.of(p), flow, EndReason.EOF);

        assertThat(flow.layout().stateVersions()).containsOnlyKeys("flowmeter");
        assertThat(r.values).hasSize(FlowFeature.values().length + 3);
    }
}
