package io.flowmeter.job.forward;

import io.flowmeter.pcap.capture.CapturedFrame;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file with nanosecond timestamps (magic {@code a1b23c4d}, little-endian), as tcpdump
 * {@code --time-stamp-precision=nano} does: each frame's captured bytes, its original length on the wire (so a frame
 * cut by the capture's snap length stays cut, and says so) and its capture time. One link type per file.
 */
final class PcapWriter implements Closeable {

    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int SNAPLEN = 262_144;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final OutputStream out;
    private final byte[] header = new byte[16];
    private final int linkType;

    PcapWriter(Path file, int linkType) throws IOException {
        this(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), linkType);
    }

    /** A pcap file of {@code linkType} on {@code out}, its global header written at once. */
    PcapWriter(OutputStream out, int linkType) throws IOException {
        this.out = out;
        this.linkType = linkType;
        byte[] global = new byte[24];
        putInt(global, 0, MAGIC_NANOS);
        global[4] = 2; // version 2.4
        global[6] = 4;
        putInt(global, 16, SNAPLEN);
        putInt(global, 20, linkType);
        out.write(global);
    }

    int linkType() {
        return linkType;
    }

    void write(CapturedFrame frame) throws IOException {
        write(frame.timestampNanos(), frame.buffer(), frame.offset(), frame.capturedLength(), frame.wireLength());
    }

    /** Writes a frame of {@code capturedLength} bytes at {@code bytes[offset]}, captured at {@code nanos}. */
    void write(long nanos, byte[] bytes, int offset, int capturedLength, int wireLength) throws IOException {
        putInt(header, 0, (int) Math.floorDiv(nanos, NANOS_PER_SECOND));
        putInt(header, 4, (int) Math.floorMod(nanos, NANOS_PER_SECOND));
        putInt(header, 8, capturedLength);
        putInt(header, 12, Math.max(wireLength, capturedLength));
        out.write(header);
        out.write(bytes, offset, capturedLength);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
