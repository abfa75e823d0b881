package io.flowmeter.packet;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacketRecordSerializerTest {

    private static PacketRecord roundTrip(PacketRecord record) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        PacketRecordSerializer.INSTANCE.serialize(record, out);
        PacketRecord reused = new PacketRecord();
        reused.setSrcPort(9999);
        return PacketRecordSerializer.INSTANCE.deserialize(reused, new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void packetFieldsSurviveARoundTrip() throws Exception {
        PacketRecord p = new PacketRecord();
        p.setTimestampNanos(1_700_000_000_123_456_789L);
        p.setWireLength(1514);
        p.setCapturedLength(96);
        p.setIpVersion(6);
        p.setProtocol(6);
        p.setSrc(0x20010db800000000L, 1L);
        p.setDst(0xfe80000000000000L, -1L);
        p.setSrcPort(65535);
        p.setDstPort(443);
        p.setTcpFlags(0x1FF);
        p.setTcpWindow(65535);
        p.setTcpSeq(0xFFFFFFFE);
        p.setHeaderField(HeaderField.IP_TTL, 255);
        p.setIpPayloadLength(1460);
        p.setTransportHeaderLength(32);
        p.setIcmpTypeCode(3 << 8 | 1);

        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Test
    void markersSurviveARoundTrip() throws Exception {
        PacketRecord done = new PacketRecord().markFileDone("/data/a.pcap", 4096);
        PacketRecord corrupt = new PacketRecord().markFileCorrupt("/data/b.pcap", "/data/b.pcap at byte offset 24: x", 10);

        assertThat(roundTrip(done)).isEqualTo(done);
        assertThat(roundTrip(corrupt)).isEqualTo(corrupt);
    }

    @Test
    void ipv6AddressesAreFormattedCanonically() {
        assertThat(IpAddresses.format(6, 0x20010db800000000L, 1L)).isEqualTo("2001:db8::1");
        assertThat(IpAddresses.format(6, 0, 1L)).isEqualTo("::1");
        assertThat(IpAddresses.format(6, 0xfe80000000000000L, 0x021ff3fffecdf617L)).isEqualTo("fe80::21f:f3ff:fecd:f617");
        assertThat(IpAddresses.format(6, 0x20010db800000001L, 0x0000000000000001L)).isEqualTo("2001:db8:0:1::1");
        assertThat(IpAddresses.format(6, 0x2001000000000000L, 0x0001000000000001L)).isEqualTo("2001::1:0:0:1");
        assertThat(IpAddresses.format(4, 0, 0xC0A80001L)).isEqualTo("192.168.0.1");
    }
}
