package io.flowmeter.pcap.kafka;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.LinkTypes;
import io.flowmeter.pcap.decode.PacketDecoder;
import io.flowmeter.testing.Frames;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaFramesTest {

    private static final byte[] IP_FRAME = Frames.ipv4("10.0.0.1", "10.0.0.2", 17, Frames.udp(5000, 53, 20));

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, Headers headers) {
        return new ConsumerRecord<>("t", 0, 0, 1_700_000_000_123L, TimestampType.CREATE_TIME, 0, 0, null, value,
                headers, Optional.empty());
    }

    private static PacketRecord decode(ConsumerRecord<byte[], byte[]> record) {
        return KafkaFrames.decode(record, new PacketDecoder(), new CapturedFrame(), new PacketRecord());
    }

    @Test
    void headersGiveTimeLinkTypeAndWireLength() {
        PacketRecord p = decode(record(IP_FRAME, KafkaFrames.headers(1_700_000_000_123_456_789L, LinkTypes.RAW, 1500)));

        assertThat(p.getKind()).isEqualTo(PacketKind.IP);
        assertThat(p.getTimestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(p.getWireLength()).isEqualTo(1500);
        assertThat(p.getDstPort()).isEqualTo(53);
    }

    @Test
    void withoutHeadersTheRecordTimestampAndEthernetApply() {
        byte[] ethernet = Frames.ethernet(0x0800, IP_FRAME);
        PacketRecord p = decode(record(ethernet, new RecordHeaders()));

        assertThat(p.getKind()).isEqualTo(PacketKind.IP);
        assertThat(p.getTimestampNanos()).isEqualTo(1_700_000_000_123_000_000L);
        assertThat(p.getWireLength()).isEqualTo(ethernet.length);
    }

    @Test
    void missingValuesAndWrongSizedHeadersAreMalformed() {
        RecordHeaders shortTime = new RecordHeaders();
        shortTime.add(KafkaFrames.TIMESTAMP_NANOS, new byte[3]);

        assertThat(decode(record(null, new RecordHeaders())).getKind()).isEqualTo(PacketKind.MALFORMED);
        assertThat(decode(record(IP_FRAME, shortTime)).getKind()).isEqualTo(PacketKind.MALFORMED);
    }
}
