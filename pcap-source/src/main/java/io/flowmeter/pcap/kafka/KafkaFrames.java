package io.flowmeter.pcap.kafka;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.LinkTypes;
import io.flowmeter.pcap.decode.PacketDecoder;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;

/**
 * Mirrored traffic on Kafka, one record per captured frame ({@code docs/kafka-format.md}): the value is the frame
 * from its link-layer header on; the record timestamp is the capture time in milliseconds, and headers carry the
 * exact capture time in nanoseconds, the link type and the original length.
 */
public final class KafkaFrames {

    /** 8 bytes, big-endian: epoch nanoseconds of the capture. Preferred over the record timestamp. */
    public static final String TIMESTAMP_NANOS = "flowmeter.ts.ns";
    /** 4 bytes, big-endian: the LINKTYPE_ value of the frame. Absent: Ethernet. */
    public static final String LINK_TYPE = "flowmeter.linktype";
    /** 4 bytes, big-endian: the frame's length on the wire. Absent: the value's length. */
    public static final String ORIGINAL_LENGTH = "flowmeter.origlen";

    private KafkaFrames() {}

    /** The headers a producer writes for a frame. */
    public static Headers headers(long timestampNanos, int linkType, int originalLength) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TIMESTAMP_NANOS, ByteBuffer.allocate(8).putLong(timestampNanos).array());
        headers.add(LINK_TYPE, ByteBuffer.allocate(4).putInt(linkType).array());
        headers.add(ORIGINAL_LENGTH, ByteBuffer.allocate(4).putInt(originalLength).array());
        return headers;
    }

    /** The record's frame bytes, copied from a capture reader's reused buffer. */
    public static byte[] value(CapturedFrame frame) {
        byte[] value = new byte[frame.capturedLength()];
        System.arraycopy(frame.buffer(), frame.offset(), value, 0, value.length);
        return value;
    }

    /**
     * Decodes a record into {@code out}. A record without a value, or with a header of the wrong size, decodes as
     * {@link PacketKind#MALFORMED}: counted, never flowed.
     */
    public static PacketRecord decode(ConsumerRecord<byte[], byte[]> record, PacketDecoder decoder,
            CapturedFrame scratch, PacketRecord out) {
        Headers headers = record.headers();
        byte[] value = record.value();
        if (value == null || !sized(headers, TIMESTAMP_NANOS, 8) || !sized(headers, LINK_TYPE, 4)
                || !sized(headers, ORIGINAL_LENGTH, 4)) {
            out.reset();
            out.setKind(PacketKind.MALFORMED);
            out.setTimestampNanos(record.timestamp() * 1_000_000L);
            return out;
        }
        Header nanos = headers.lastHeader(TIMESTAMP_NANOS);
        Header linkType = headers.lastHeader(LINK_TYPE);
        Header originalLength = headers.lastHeader(ORIGINAL_LENGTH);
        long timestampNanos = nanos != null ? ByteBuffer.wrap(nanos.value()).getLong() : record.timestamp() * 1_000_000L;
        scratch.set(value, 0, value.length,
                originalLength != null ? ByteBuffer.wrap(originalLength.value()).getInt() : value.length,
                timestampNanos, linkType != null ? ByteBuffer.wrap(linkType.value()).getInt() : LinkTypes.ETHERNET,
                true);
        return decoder.decode(scratch, out);
    }

    /** Whether the header is absent or holds exactly {@code bytes} bytes. */
    private static boolean sized(Headers headers, String name, int bytes) {
        Header header = headers.lastHeader(name);
        return header == null || (header.value() != null && header.value().length == bytes);
    }
}
