package io.flowmeter.feature.plugins;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowAccumulator;
import io.flowmeter.flow.FlowKey;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.packet.HeaderField;
import io.flowmeter.packet.PacketRecord;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.flowmeter.flow.TestPackets.tcp;
import static io.flowmeter.flow.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;

class IpTtlTest {

    private static final FlowSettings WITH_TTL = FlowSettings.defaults().withWrittenPlugins(List.of(IpTtl.NAME));

    private static PacketRecord ttl(PacketRecord p, int ttl) {
        p.setHeaderField(HeaderField.IP_TTL, ttl);
        return p;
    }

    private static FlowRecord flow(PacketRecord... packets) {
        FlowAccumulator flow = WITH_TTL.newAccumulator();
        flow.start(packets[0], FlowKey.sourceIsA(packets[0]));
        for (PacketRecord p : packets) {
            flow.add(p, FlowKey.sourceIsA(p));
        }
        return FlowRecord.of(FlowKey.of(packets[0]), flow, EndReason.EOF);
    }

    private static double get(FlowRecord r, String column) {
        return r.values[WITH_TTL.layout().indexOf(column)];
    }

    @Test
    void eachDirectionKeepsItsSmallestAndLargestTtl() {
        FlowRecord r = flow(ttl(udp(1, "10.0.0.1", 5000, "10.0.0.2", 53, 80), 64),
                ttl(udp(2, "10.0.0.2", 53, "10.0.0.1", 5000, 120), 57),
                ttl(udp(3, "10.0.0.1", 5000, "10.0.0.2", 53, 80), 61),
                ttl(udp(4, "10.0.0.2", 53, "10.0.0.1", 5000, 120), 57));

        assertThat(get(r, "fwdTtlMin")).isEqualTo(61);
        assertThat(get(r, "fwdTtlMax")).isEqualTo(64);
        assertThat(get(r, "bwdTtlMin")).isEqualTo(57);
        assertThat(get(r, "bwdTtlMax")).isEqualTo(57);
    }

    @Test
    void aDirectionWithoutPacketsHasZerosAndALateSynSwapsTheSides() {
        FlowRecord oneWay = flow(ttl(udp(1, "10.0.0.1", 5000, "10.0.0.2", 53, 80), 1));
        // the server's packet comes first; the client's SYN makes the client the initiator
        FlowRecord swapped = flow(ttl(tcp(1, "10.0.0.2", 80, "10.0.0.1", 40000, PacketRecord.TCP_ACK, 60), 50),
                ttl(tcp(2, "10.0.0.1", 40000, "10.0.0.2", 80, PacketRecord.TCP_SYN, 60), 128));

        assertThat(get(oneWay, "fwdTtlMin")).isEqualTo(1);
        assertThat(get(oneWay, "bwdTtlMin")).isZero();
        assertThat(get(oneWay, "bwdTtlMax")).isZero();
        assertThat(swapped.srcIp).isEqualTo("10.0.0.1");
        assertThat(get(swapped, "fwdTtlMax")).isEqualTo(128);
        assertThat(get(swapped, "bwdTtlMin")).isEqualTo(50);
    }

    @Test
    void itsColumnsAreWrittenOnlyWhenAskedFor() {
        assertThat(FlowSettings.defaults().layout().indexOf("fwdTtlMin")).isNegative();
        assertThat(WITH_TTL.layout().writtenColumns()).extracting(c -> c.name())
                .endsWith("fwdTtlMin", "fwdTtlMax", "bwdTtlMin", "bwdTtlMax");
    }

    @Test
    void itsStateSurvivesACheckpoint() throws Exception {
        IpTtl plugin = new IpTtl();
        int[] state = {3, 255, -1, -1};
        org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(8);
        plugin.writeState(state, out);

        assertThat(plugin.readState(1, new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer())))
                .containsExactly(3, 255, -1, -1);
    }
}
