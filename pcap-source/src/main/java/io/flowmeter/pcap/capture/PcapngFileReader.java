package io.flowmeter.pcap.capture;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.flowmeter.pcap.capture.ByteOrder32.i32;
import static io.flowmeter.pcap.capture.ByteOrder32.i64;
import static io.flowmeter.pcap.capture.ByteOrder32.u16;
import static io.flowmeter.pcap.capture.ByteOrder32.u32;

/**
 * Reads pcapng files: section header blocks in either byte order and any number of sections, interface
 * descriptions with their link type, snap length, {@code if_tsresol} and {@code if_tsoffset}, and enhanced,
 * simple and obsolete packet blocks. Other blocks are skipped after their length is checked. A position is the
 * offset of the next block.
 */
public final class PcapngFileReader implements CaptureFileReader {

    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 0x00000001;
    private static final int OBSOLETE_PACKET_BLOCK = 0x00000002;
    private static final int SIMPLE_PACKET_BLOCK = 0x00000003;
    private static final int ENHANCED_PACKET_BLOCK = 0x00000006;
    private static final int MIN_BLOCK_LENGTH = 12;
    /** Section and interface blocks are parsed whole; anything longer than this is corruption. */
    private static final int MAX_DESCRIPTION_BLOCK_LENGTH = 256 * 1024;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;

    private final String file;
    private final CaptureInput input;
    private final List<InterfaceDescription> interfaces = new ArrayList<>();
    private boolean bigEndian;
    private long lastTimestampNanos;

    PcapngFileReader(String file, CaptureInput input) {
        this.file = file;
        this.input = input;
    }

    @Override
    public boolean next(CapturedFrame frame) throws IOException {
        while (true) {
            int outcome = readBlock(frame, true);
            if (outcome == END_OF_FILE) {
                return false;
            }
            if (outcome == PACKET) {
                return true;
            }
        }
    }

    @Override
    public long position() {
        return input.offset();
    }

    @Override
    public void seek(long position) throws IOException {
        if (position < input.offset()) {
            input.skipTo(position); // refuses, with the reason
        }
        while (input.offset() < position) {
            if (readBlock(null, false) == END_OF_FILE) {
                throw new CaptureFormatException(file, input.offset(), "file ends before the restored position "
                        + position + "; was it changed since the checkpoint?");
            }
        }
        if (input.offset() != position) {
            throw new CaptureFormatException(file, input.offset(), "restored position " + position
                    + " is not a block boundary; was the file changed since the checkpoint?");
        }
    }

    @Override
    public int bufferedBytes() {
        return input.buffered();
    }

    @Override
    public String formatName() {
        return "pcapng";
    }

    private static final int END_OF_FILE = 0;
    private static final int PACKET = 1;
    private static final int OTHER_BLOCK = 2;

    /**
     * Reads one block. With {@code emit} a packet block fills {@code frame}; without, packet blocks are only
     * stepped over (used when seeking) while section and interface blocks are always applied.
     */
    private int readBlock(CapturedFrame frame, boolean emit) throws IOException {
        long blockOffset = input.offset();
        int available = input.require(8);
        if (available == 0) {
            return END_OF_FILE;
        }
        if (available < 8) {
            throw truncated(blockOffset, "block header", 8, available);
        }
        byte[] b = input.buffer();
        int p = input.position();
        int type = i32(b, p, bigEndian);
        if (type == SECTION_HEADER_BLOCK) {
            readSectionHeader(blockOffset);
            return OTHER_BLOCK;
        }
        long length = checkedBlockLength(blockOffset, u32(b, p + 4, bigEndian));
        switch (type) {
            case INTERFACE_DESCRIPTION_BLOCK:
                readInterfaceDescription(blockOffset, length);
                return OTHER_BLOCK;
            case ENHANCED_PACKET_BLOCK:
            case OBSOLETE_PACKET_BLOCK:
            case SIMPLE_PACKET_BLOCK:
                if (!emit && type == SIMPLE_PACKET_BLOCK) {
                    skipBlock(blockOffset, length);
                    return OTHER_BLOCK;
                }
                readPacketBlock(type, blockOffset, length, frame, emit);
                return emit ? PACKET : OTHER_BLOCK;
            default:
                skipBlock(blockOffset, length);
                return OTHER_BLOCK;
        }
    }

    private void readSectionHeader(long blockOffset) throws IOException {
        int available = input.require(12);
        if (available < 12) {
            throw truncated(blockOffset, "section header block", 12, available);
        }
        byte[] b = input.buffer();
        int p = input.position();
        if (i32(b, p + 8, true) == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (i32(b, p + 8, false) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(file, blockOffset + 8, String.format(
                    "section header block has no byte-order magic (found 0x%08x)", i32(b, p + 8, true)));
        }
        long length = checkedBlockLength(blockOffset, u32(b, p + 4, bigEndian));
        if (length < 28) {
            throw new CaptureFormatException(file, blockOffset,
                    "section header block length " + length + " is shorter than its 28 fixed bytes");
        }
        requireWholeBlock(blockOffset, length, MAX_DESCRIPTION_BLOCK_LENGTH, "section header block");
        int major = u16(input.buffer(), input.position() + 12, bigEndian);
        if (major != 1) {
            throw new CaptureFormatException(file, blockOffset + 12,
                    "unsupported pcapng major version " + major + " (only 1 exists)");
        }
        interfaces.clear();
        input.advance((int) length);
    }

    private void readInterfaceDescription(long blockOffset, long length) throws IOException {
        if (length < 20) {
            throw new CaptureFormatException(file, blockOffset,
                    "interface description block length " + length + " is shorter than its 20 fixed bytes");
        }
        requireWholeBlock(blockOffset, length, MAX_DESCRIPTION_BLOCK_LENGTH, "interface description block");
        byte[] b = input.buffer();
        int p = input.position();
        int linkType = u16(b, p + 8, bigEndian);
        long snapLength = u32(b, p + 12, bigEndian);
        int tsresol = 6;
        long tsoffset = 0;
        int at = p + 16;
        int optionsEnd = p + (int) length - 4;
        while (at + 4 <= optionsEnd) {
            int code = u16(b, at, bigEndian);
            int optionLength = u16(b, at + 2, bigEndian);
            if (code == OPTION_END) {
                break;
            }
            if (at + 4 + optionLength > optionsEnd) {
                throw new CaptureFormatException(file, blockOffset + (at - p), "option " + code + " of length "
                        + optionLength + " runs past the end of its interface description block");
            }
            if (code == OPTION_IF_TSRESOL && optionLength >= 1) {
                tsresol = b[at + 4] & 0xFF;
            } else if (code == OPTION_IF_TSOFFSET && optionLength >= 8) {
                tsoffset = i64(b, at + 4, bigEndian);
            }
            at += 4 + ((optionLength + 3) & ~3);
        }
        TimestampUnits units = TimestampUnits.ofResolution(tsresol, tsoffset);
        if (units == null) {
            throw new CaptureFormatException(file, blockOffset, String.format(
                    "interface %d has an invalid if_tsresol 0x%02x", interfaces.size(), tsresol));
        }
        interfaces.add(new InterfaceDescription(linkType, snapLength, units));
        input.advance((int) length);
    }

    private void readPacketBlock(int type, long blockOffset, long length, CapturedFrame frame, boolean emit)
            throws IOException {
        int fixed = type == SIMPLE_PACKET_BLOCK ? 16 : 32;
        String name = type == ENHANCED_PACKET_BLOCK ? "enhanced packet block"
                : type == SIMPLE_PACKET_BLOCK ? "simple packet block" : "packet block";
        if (length < fixed) {
            throw new CaptureFormatException(file, blockOffset,
                    name + " length " + length + " is shorter than its " + fixed + " fixed bytes");
        }
        int headerBytes = type == SIMPLE_PACKET_BLOCK ? 12 : 28;
        if (!emit) {
            // Seeking: only the timestamp matters, for simple packet blocks that follow.
            int available = input.require(headerBytes);
            if (available < headerBytes) {
                throw truncated(blockOffset, name, headerBytes, available);
            }
            InterfaceDescription description = interfaceOf(type, blockOffset);
            lastTimestampNanos = description.units.toNanos(timestampUnits(type));
            skipBlock(blockOffset, length);
            return;
        }
        if (length > CaptureInput.MAX_CONTIGUOUS) {
            throw new CaptureFormatException(file, blockOffset, name + " length " + length
                    + " exceeds the " + RecordLimits.MAX_FRAME_LENGTH + "-byte (256 KiB) frame limit");
        }
        requireWholeBlock(blockOffset, length, CaptureInput.MAX_CONTIGUOUS, name);
        byte[] b = input.buffer();
        int p = input.position();
        InterfaceDescription description = interfaceOf(type, blockOffset);
        long capturedLength;
        long wireLength;
        long timestampNanos;
        if (type == SIMPLE_PACKET_BLOCK) {
            wireLength = u32(b, p + 8, bigEndian);
            capturedLength = Math.min(wireLength, length - fixed);
            if (description.snapLength > 0) {
                capturedLength = Math.min(capturedLength, description.snapLength);
            }
            // A simple packet block has no timestamp: it takes the previous packet's.
            timestampNanos = lastTimestampNanos;
        } else {
            capturedLength = u32(b, p + 20, bigEndian);
            wireLength = u32(b, p + 24, bigEndian);
            timestampNanos = description.units.toNanos(timestampUnits(type));
            RecordLimits.check(file, blockOffset, capturedLength, description.snapLength);
            if (capturedLength > length - fixed) {
                throw new CaptureFormatException(file, blockOffset, "captured length " + capturedLength
                        + " runs past the end of its " + length + "-byte " + name);
            }
        }
        frame.set(b, p + headerBytes, (int) capturedLength, CapturedFrame.wireLength(wireLength, capturedLength),
                timestampNanos, description.linkType, bigEndian);
        lastTimestampNanos = timestampNanos;
        input.advance((int) length);
    }

    private long timestampUnits(int type) {
        byte[] b = input.buffer();
        int p = input.position();
        long high = u32(b, p + 12, bigEndian);
        long low = u32(b, p + 16, bigEndian);
        return (high << 32) | low;
    }

    private InterfaceDescription interfaceOf(int type, long blockOffset) throws CaptureFormatException {
        int id = type == ENHANCED_PACKET_BLOCK ? i32(input.buffer(), input.position() + 8, bigEndian)
                : type == OBSOLETE_PACKET_BLOCK ? u16(input.buffer(), input.position() + 8, bigEndian)
                : 0;
        if (id < 0 || id >= interfaces.size()) {
            throw new CaptureFormatException(file, blockOffset, "packet refers to interface "
                    + (id & 0xFFFFFFFFL) + " but its section describes " + interfaces.size());
        }
        return interfaces.get(id);
    }

    private long checkedBlockLength(long blockOffset, long length) throws CaptureFormatException {
        if (length < MIN_BLOCK_LENGTH || length % 4 != 0) {
            throw new CaptureFormatException(file, blockOffset + 4, "invalid block length " + length
                    + " (a block is at least 12 bytes and a multiple of 4)");
        }
        return length;
    }

    /** Buffers a whole block and checks that its trailing length repeats the leading one. */
    private void requireWholeBlock(long blockOffset, long length, int maxLength, String name) throws IOException {
        if (length > maxLength) {
            throw new CaptureFormatException(file, blockOffset + 4,
                    name + " length " + length + " exceeds the " + maxLength + "-byte limit");
        }
        int available = input.require((int) length);
        if (available < length) {
            throw truncated(blockOffset, name, length, available);
        }
        long trailing = u32(input.buffer(), input.position() + (int) length - 4, bigEndian);
        if (trailing != length) {
            throw new CaptureFormatException(file, blockOffset + length - 4, name + " trailing length "
                    + trailing + " differs from its leading length " + length);
        }
    }

    private void skipBlock(long blockOffset, long length) throws IOException {
        try {
            input.skip(length - 4);
        } catch (EOFException e) {
            throw new CaptureFormatException(file, blockOffset,
                    "truncated block: its length " + length + " runs past the end of the file");
        }
        int available = input.require(4);
        if (available < 4) {
            throw new CaptureFormatException(file, blockOffset,
                    "truncated block: its length " + length + " runs past the end of the file");
        }
        long trailing = u32(input.buffer(), input.position(), bigEndian);
        if (trailing != length) {
            throw new CaptureFormatException(file, blockOffset + length - 4,
                    "block trailing length " + trailing + " differs from its leading length " + length);
        }
        input.advance(4);
    }

    private CaptureFormatException truncated(long blockOffset, String what, long needed, int available) {
        return new CaptureFormatException(file, blockOffset,
                "truncated " + what + ": " + available + " of " + needed + " bytes before the end of the file");
    }

    /** What an interface description block says about the packets of its interface. */
    private static final class InterfaceDescription {
        final int linkType;
        final long snapLength;
        final TimestampUnits units;

        InterfaceDescription(int linkType, long snapLength, TimestampUnits units) {
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.units = units;
        }
    }
}
