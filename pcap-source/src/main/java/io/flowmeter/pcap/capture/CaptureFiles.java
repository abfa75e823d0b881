package io.flowmeter.pcap.capture;

import java.io.IOException;
import java.io.InputStream;

import static io.flowmeter.pcap.capture.ByteOrder32.i32;

/** Opens a capture stream as pcap or pcapng, by its magic number rather than its name. */
public final class CaptureFiles {

    private CaptureFiles() {}

    /**
     * Reads the first bytes of {@code in} and returns a reader for its format.
     *
     * @param file the name used in error messages
     * @throws CaptureFormatException for an empty stream or one that is neither pcap nor pcapng
     */
    public static CaptureFileReader open(String file, InputStream in) throws IOException {
        CaptureInput input = new CaptureInput(in);
        int available = input.require(4);
        if (available == 0) {
            throw new CaptureFormatException(file, 0, "empty file: not a pcap or pcapng capture");
        }
        if (available < 4) {
            throw new CaptureFormatException(file, 0,
                    "only " + available + " bytes: too short for a pcap or pcapng capture");
        }
        byte[] b = input.buffer();
        int p = input.position();
        int magic = i32(b, p, true);
        int swapped = i32(b, p, false);
        if (magic == PcapngFileReader.SECTION_HEADER_BLOCK) {
            return new PcapngFileReader(file, input);
        }
        if (isPcapMagic(magic) || isPcapMagic(swapped)) {
            return new PcapFileReader(file, input);
        }
        throw new CaptureFormatException(file, 0, String.format(
                "bad magic 0x%08x: not a pcap (a1b2c3d4, a1b23c4d) or pcapng (0a0d0d0a) capture", magic));
    }

    /**
     * {@code in}, unwrapped when it is gzip-compressed (by its magic bytes, whatever the file is called); defects
     * of the compressed stream are then {@link CaptureFormatException}s naming {@code file}, like those of the
     * capture. The stream must support mark and reset, as a {@link java.io.BufferedInputStream} does.
     */
    public static InputStream decompressed(String file, InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = first < 0 ? -1 : in.read();
        in.reset();
        return first == 0x1F && second == 0x8B ? GzipCaptureStream.open(file, in) : in;
    }

    private static boolean isPcapMagic(int magic) {
        return magic == PcapFileReader.MAGIC_MICROS || magic == PcapFileReader.MAGIC_NANOS;
    }
}
