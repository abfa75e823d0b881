package io.flowmeter.pcap.capture;

import java.io.IOException;

import static io.flowmeter.pcap.capture.ByteOrder32.i32;
import static io.flowmeter.pcap.capture.ByteOrder32.u32;

/**
 * Reads classic libpcap files: both byte orders, microsecond and nanosecond magic, the link type with its FCS
 * bits masked off. A position is the offset of the next record header.
 */
public final class PcapFileReader implements CaptureFileReader {

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    /** libpcap's 0x03FFFFFF: the upper bits of the link-type field describe the FCS, not the link. */
    private static final int LINK_TYPE_MASK = 0x03FFFFFF;

    private final String file;
    private final CaptureInput input;
    private final boolean bigEndian;
    private final boolean nanosecondTimestamps;
    private final long snapLength;
    private final int linkType;

    PcapFileReader(String file, CaptureInput input) throws IOException {
        this.file = file;
        this.input = input;
        int available = input.require(FILE_HEADER_LENGTH);
        if (available < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException(file, input.offset() + available,
                    "truncated pcap file header: " + available + " of " + FILE_HEADER_LENGTH + " bytes");
        }
        byte[] b = input.buffer();
        int p = input.position();
        int magic = i32(b, p, true);
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            bigEndian = true;
        } else {
            bigEndian = false;
            magic = i32(b, p, false);
        }
        nanosecondTimestamps = magic == MAGIC_NANOS;
        snapLength = u32(b, p + 16, bigEndian);
        linkType = i32(b, p + 20, bigEndian) & LINK_TYPE_MASK;
        input.advance(FILE_HEADER_LENGTH);
    }

    @Override
    public boolean next(CapturedFrame frame) throws IOException {
        long recordOffset = input.offset();
        int available = input.require(RECORD_HEADER_LENGTH);
        if (available == 0) {
            return false;
        }
        if (available < RECORD_HEADER_LENGTH) {
            throw new CaptureFormatException(file, recordOffset,
                    "truncated record header: " + available + " of " + RECORD_HEADER_LENGTH + " bytes");
        }
        byte[] b = input.buffer();
        int p = input.position();
        long seconds = u32(b, p, bigEndian);
        long fraction = u32(b, p + 4, bigEndian);
        long capturedLength = u32(b, p + 8, bigEndian);
        long wireLength = u32(b, p + 12, bigEndian);
        RecordLimits.check(file, recordOffset, capturedLength, snapLength);
        int length = (int) capturedLength;
        available = input.require(RECORD_HEADER_LENGTH + length);
        if (available < RECORD_HEADER_LENGTH + length) {
            throw new CaptureFormatException(file, recordOffset, "truncated record: header announces "
                    + length + " captured bytes, only " + (available - RECORD_HEADER_LENGTH) + " remain");
        }
        frame.set(input.buffer(), input.position() + RECORD_HEADER_LENGTH, length,
                CapturedFrame.wireLength(wireLength, capturedLength),
                seconds * 1_000_000_000L + (nanosecondTimestamps ? fraction : fraction * 1_000L), linkType, bigEndian);
        input.advance(RECORD_HEADER_LENGTH + length);
        return true;
    }

    @Override
    public long position() {
        return input.offset();
    }

    @Override
    public void seek(long position) throws IOException {
        input.skipTo(position);
    }

    @Override
    public int bufferedBytes() {
        return input.buffered();
    }

    @Override
    public String formatName() {
        return "pcap";
    }

    /** The link type of every frame in the file. */
    public int linkType() {
        return linkType;
    }
}
