package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.flowmeter.flow.TestPackets.tcp;
import static io.flowmeter.flow.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlowAccumulatorTest {

    private static final String CLIENT = "10.0.0.9";
    private static final String SERVER = "10.0.0.1";

    private static FlowAccumulator flowOf(List<PacketRecord> packets) {
        FlowAccumulator flow = FlowSettings.defaults().newAccumulator();
        boolean first = true;
        for (PacketRecord p : packets) {
            boolean fromA = FlowKey.sourceIsA(p);
            if (first) {
                flow.start(p, fromA);
                first = false;
            }
            flow.add(p, fromA);
        }
        return flow;
    }

    @Test
    void statisticsMatchAnIndependentRecomputation() {
        Random random = new Random(7);
        List<PacketRecord> packets = new ArrayList<>();
        DescriptiveStatistics sizes = new DescriptiveStatistics();
        DescriptiveStatistics fwdSizes = new DescriptiveStatistics();
        DescriptiveStatistics gaps = new DescriptiveStatistics();
        DescriptiveStatistics bwdGaps = new DescriptiveStatistics();
        long ts = 1_600_000_000_000_000_000L;
        long lastBwd = -1;
        for (int i = 0; i < 500; i++) {
            long gap = i == 0 ? 0 : random.nextInt(5_000_000);
            ts += gap;
            if (i > 0) {
                gaps.addValue(gap);
            }
            int size = 60 + random.nextInt(1400);
            boolean forward = i == 0 || random.nextBoolean();
            packets.add(forward ? udp(ts, CLIENT, 5000, SERVER, 53, size) : udp(ts, SERVER, 53, CLIENT, 5000, size));
            sizes.addValue(size);
            if (forward) {
                fwdSizes.addValue(size);
            } else {
                if (lastBwd >= 0) {
                    bwdGaps.addValue(ts - lastBwd);
                }
                lastBwd = ts;
            }
        }

        FlowRecord r = FlowRecord.of(FlowKey.of(packets.get(0)), flowOf(packets), EndReason.EOF);

        assertThat(r.srcIp).isEqualTo(CLIENT);
        assertThat(r.get(FlowFeature.flowLength)).isEqualTo(500);
        assertThat(r.get(FlowFeature.packetSizeTotal)).isEqualTo(sizes.getSum());
        assertThat(r.get(FlowFeature.packetSizeMean)).isCloseTo(sizes.getMean(), within(1e-9));
        assertThat(r.get(FlowFeature.packetSizeStd)).isCloseTo(Math.sqrt(sizes.getPopulationVariance()), within(1e-9));
        assertThat(r.get(FlowFeature.fwdPacketSizeStd)).isCloseTo(Math.sqrt(fwdSizes.getPopulationVariance()), within(1e-9));
        assertThat(r.get(FlowFeature.fwdPacketSizeMin)).isEqualTo(fwdSizes.getMin());
        assertThat(r.get(FlowFeature.IATMean)).isCloseTo(gaps.getMean() / 1000, within(1e-6));
        assertThat(r.get(FlowFeature.IATStd)).isCloseTo(Math.sqrt(gaps.getPopulationVariance()) / 1000, within(1e-6));
        assertThat(r.get(FlowFeature.IATMax)).isEqualTo(gaps.getMax() / 1000);
        assertThat(r.get(FlowFeature.bwdIATTotal)).isCloseTo(bwdGaps.getSum() / 1000, within(1e-6));
        assertThat(r.get(FlowFeature.bwdIATStd)).isCloseTo(Math.sqrt(bwdGaps.getPopulationVariance()) / 1000, within(1e-6));
        assertThat(r.get(FlowFeature.flowDuration)).isEqualTo((r.flowEndNs - r.flowStartNs) / 1000.0);
        assertThat(r.get(FlowFeature.packetSizeTotalPerTime))
                .isCloseTo(sizes.getSum() / r.get(FlowFeature.flowDuration), within(1e-9));
    }

    @Test
    void singlePacketFlowHasZeroGapsAndRates() {
        FlowRecord r = FlowRecord.of(FlowKey.of(udp(5, CLIENT, 1, SERVER, 2, 100)),
                flowOf(List.of(udp(5, CLIENT, 1, SERVER, 2, 100))), EndReason.EOF);

        assertThat(r.get(FlowFeature.flowDuration)).isZero();
        assertThat(r.get(FlowFeature.IATMean)).isZero();
        assertThat(r.get(FlowFeature.bwdPacketSizeMin)).isZero();
        assertThat(r.get(FlowFeature.flowLengthPerTime)).isZero();
        assertThat(r.get(FlowFeature.packetSizeMin)).isEqualTo(100);
    }

    @Test
    void senderOfTheFirstPacketIsTheInitiator() {
        FlowAccumulator flow = flowOf(List.of(udp(1, SERVER, 53, CLIENT, 5000, 90), udp(2, CLIENT, 5000, SERVER, 53, 70)));
        FlowRecord r = FlowRecord.of(FlowKey.of(udp(1, SERVER, 53, CLIENT, 5000, 90)), flow, EndReason.EOF);

        assertThat(r.srcIp).isEqualTo(SERVER);
        assertThat(r.srcPort).isEqualTo(53);
        assertThat(r.get(FlowFeature.fwdPacketSizeTotal)).isEqualTo(90);
    }

    @Test
    void receiverOfAFirstSynAckIsTheInitiator() {
        PacketRecord synAck = tcp(1, SERVER, 80, CLIENT, 40000, PacketRecord.TCP_SYN | PacketRecord.TCP_ACK, 60);
        FlowRecord r = FlowRecord.of(FlowKey.of(synAck), flowOf(List.of(synAck)), EndReason.EOF);

        assertThat(r.srcIp).isEqualTo(CLIENT);
        assertThat(r.get(FlowFeature.bwdFlowLength)).isEqualTo(1);
    }

    @Test
    void aLaterSynMakesItsSenderTheInitiator() {
        List<PacketRecord> packets = List.of(
                tcp(1, SERVER, 80, CLIENT, 40000, PacketRecord.TCP_ACK, 54),
                tcp(2, CLIENT, 40000, SERVER, 80, PacketRecord.TCP_SYN, 74),
                tcp(3, SERVER, 80, CLIENT, 40000, PacketRecord.TCP_SYN | PacketRecord.TCP_ACK, 74));
        FlowRecord r = FlowRecord.of(FlowKey.of(packets.get(0)), flowOf(packets), EndReason.EOF);

        assertThat(r.srcIp).isEqualTo(CLIENT);
        assertThat(r.get(FlowFeature.fwdFlowLength)).isEqualTo(1);
        assertThat(r.get(FlowFeature.bwdFlowLength)).isEqualTo(2);
        assertThat(r.get(FlowFeature.bwdPacketSizeTotal)).isEqualTo(128);
    }

    @Test
    void reorderedPacketsNeverGiveNegativeGaps() {
        List<PacketRecord> packets = List.of(udp(1_000_000, CLIENT, 1, SERVER, 2, 60), udp(3_000_000, CLIENT, 1, SERVER, 2, 60),
                udp(2_000_000, CLIENT, 1, SERVER, 2, 60));
        FlowRecord r = FlowRecord.of(FlowKey.of(packets.get(0)), flowOf(packets), EndReason.EOF);

        assertThat(r.get(FlowFeature.IATMin)).isZero();
        assertThat(r.get(FlowFeature.fwdIATMin)).isZero();
        assertThat(r.get(FlowFeature.IATMax)).isEqualTo(2000.0);
        assertThat(r.flowStartNs).isEqualTo(1_000_000);
        assertThat(r.flowEndNs).isEqualTo(3_000_000);
    }

    @Test
    void serializerRoundTripKeepsEveryField() throws Exception {
        List<PacketRecord> packets = List.of(tcp(1, CLIENT, 1, SERVER, 2, PacketRecord.TCP_SYN, 60),
                tcp(7, SERVER, 2, CLIENT, 1, PacketRecord.TCP_FIN | PacketRecord.TCP_ACK, 70));
        FlowAccumulator flow = flowOf(packets);
        flow.timerMillis = 42;
        DataOutputSerializer out = new DataOutputSerializer(512);
        FlowAccumulatorSerializer serializer = new FlowAccumulatorSerializer(FlowSettings.defaults().layout());
        serializer.serialize(flow, out);
        assertThat(out.length()).as("65 bytes of the flow's own state, 304 of FlowMeter's statistics").isEqualTo(369);

        FlowAccumulator copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        FlowKey key = FlowKey.of(packets.get(0));

        assertThat(copy.timerMillis).isEqualTo(42);
        assertThat(copy.status).isEqualTo(flow.status);
        assertThat(FlowRecord.of(key, copy, EndReason.EOF).toString())
                .isEqualTo(FlowRecord.of(key, flow, EndReason.EOF).toString());
    }
}
