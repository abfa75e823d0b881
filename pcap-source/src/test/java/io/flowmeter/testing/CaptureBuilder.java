package io.flowmeter.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes pcap and pcapng files for tests, in either byte order, with every header field settable so that tests
 * can also write broken captures.
 */
public final class CaptureBuilder {

    private ByteBuffer out = ByteBuffer.allocate(1 << 16);
    private ByteOrder order;

    private CaptureBuilder(ByteOrder order) {
        this.order = order;
        out.order(order);
    }

    /** A pcap file with a 24-byte header. */
    public static CaptureBuilder pcap(ByteOrder order, boolean nanoseconds, int linkTypeField, int snapLength) {
        CaptureBuilder b = new CaptureBuilder(order);
        b.putInt(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4).putShort(2).putShort(4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(linkTypeField);
        return b;
    }

    /** A pcap record; the wire length may exceed the captured bytes. */
    public CaptureBuilder record(long seconds, long fraction, byte[] frame, int wireLength) {
        return record(seconds, fraction, frame, frame.length, wireLength);
    }

    public CaptureBuilder record(long seconds, long fraction, byte[] frame, int capturedLengthField, int wireLength) {
        putInt((int) seconds).putInt((int) fraction).putInt(capturedLengthField).putInt(wireLength);
        return putBytes(frame);
    }

    /** An empty pcapng builder; add a section header first. */
    public static CaptureBuilder pcapng(ByteOrder order) {
        return new CaptureBuilder(order);
    }

    public CaptureBuilder sectionHeader(ByteOrder sectionOrder) {
        order = sectionOrder;
        out.order(order);
        return block(0x0A0D0D0A, body(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1L));
    }

    /** An interface description; {@code tsresol} -1 for none, {@code tsoffset} 0 for none. */
    public CaptureBuilder interfaceDescription(int linkType, int snapLength, int tsresol, long tsoffset) {
        ByteBuffer body = body(64).putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        if (tsresol >= 0) {
            body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        if (tsoffset != 0) {
            body.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
        }
        body.putShort((short) 0).putShort((short) 0);
        return block(1, body);
    }

    public CaptureBuilder enhancedPacket(int interfaceId, long timestampUnits, byte[] frame, int wireLength) {
        ByteBuffer body = body(20 + frame.length + 4).putInt(interfaceId).putInt((int) (timestampUnits >>> 32))
                .putInt((int) timestampUnits).putInt(frame.length).putInt(wireLength).put(frame);
        pad(body);
        return block(6, body);
    }

    public CaptureBuilder obsoletePacket(int interfaceId, long timestampUnits, byte[] frame, int wireLength) {
        ByteBuffer body = body(20 + frame.length + 4).putShort((short) interfaceId).putShort((short) 0)
                .putInt((int) (timestampUnits >>> 32)).putInt((int) timestampUnits).putInt(frame.length)
                .putInt(wireLength).put(frame);
        pad(body);
        return block(2, body);
    }

    public CaptureBuilder simplePacket(byte[] frame, int wireLength) {
        ByteBuffer body = body(4 + frame.length + 4).putInt(wireLength).put(frame);
        pad(body);
        return block(3, body);
    }

    /** A block of any type with an opaque body (name resolution, statistics, custom...). */
    public CaptureBuilder otherBlock(int type, byte[] content) {
        ByteBuffer body = body(content.length + 4).put(content);
        pad(body);
        return block(type, body);
    }

    /** A block whose leading and trailing length fields are given explicitly. */
    public CaptureBuilder rawBlock(int type, int leadingLength, byte[] body, int trailingLength) {
        return putInt(type).putInt(leadingLength).putBytes(body).putInt(trailingLength);
    }

    public CaptureBuilder putInt(int value) {
        ensure(4);
        out.putInt(value);
        return this;
    }

    public CaptureBuilder putShort(int value) {
        ensure(2);
        out.putShort((short) value);
        return this;
    }

    public CaptureBuilder putBytes(byte[] bytes) {
        ensure(bytes.length);
        out.put(bytes);
        return this;
    }

    public byte[] bytes() {
        return Arrays.copyOf(out.array(), out.position());
    }

    public Path writeTo(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private ByteBuffer body(int capacity) {
        return ByteBuffer.allocate(capacity + 64).order(order);
    }

    private static void pad(ByteBuffer body) {
        while (body.position() % 4 != 0) {
            body.put((byte) 0);
        }
    }

    private CaptureBuilder block(int type, ByteBuffer body) {
        int length = 12 + body.position();
        putInt(type).putInt(length);
        ensure(body.position());
        out.put(body.array(), 0, body.position());
        return putInt(length);
    }

    private void ensure(int n) {
        if (out.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n + 1024));
            bigger.order(order);
            bigger.put(out.array(), 0, out.position());
            out = bigger;
        }
    }
}
