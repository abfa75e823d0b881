package io.flowmeter.pcap.capture;

import io.flowmeter.testing.SharedData;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A malformed-capture corpus made from the recorded sample captures by the test itself: every truncation, corrupt
 * and huge lengths in every record and block header, bad magic, zero-length and undersized blocks, a gzip stream
 * cut short. The outcome is the one docs/malformed-input.md documents: the frames before the defect, exactly as in
 * the intact file, then either a clean end or a {@link CaptureFormatException} naming the file and an offset within
 * the file; never another exception, never a frame that was not there. For truncations the outcome is exact: a cut
 * at a record (pcap) or block (pcapng) boundary ends cleanly with every record before it, and any other cut is
 * reported with the offset and reason that docs/malformed-input.md lists, after every complete record before it.
 */
class MalformedCorpusTest {

    private static final String NAME = "corpus";

    @Test
    void everyTruncationOfAPcapngCaptureEndsCleanlyAtABlockBoundaryOrIsReportedAtTheCutBlock() throws Exception {
        byte[] capture = sample("loopback-udp-dns-like.pcapng");
        List<String> intact = read(capture).frames;
        List<Integer> blocks = pcapngBlockBoundaries(capture);
        for (int length = 0; length < capture.length; length++) {
            assertOutcome(capture, length, intact, pcapngCut(capture, blocks, length));
        }
    }

    @Test
    void everyKindOfTruncationOfAPcapCaptureInEveryRecordIsReportedAtTheCutRecord() throws Exception {
        byte[] capture = sample("loopback-http-curl.pcap");
        List<String> intact = read(capture).frames;
        List<Integer> records = pcapRecordBoundaries(capture);
        SortedSet<Integer> cuts = new TreeSet<>();
        // Every cut in the first 8 KiB (the file header and the first 67 of the 79 records; the file is 204 KB),
        // and in every record each kind of cut: at its start (a boundary), in its header, right after the header,
        // in its data and at its last byte.
        for (int i = 0; i <= 8192; i++) {
            cuts.add(i);
        }
        for (int r = 0; r + 1 < records.size(); r++) {
            int record = records.get(r);
            int next = records.get(r + 1);
            for (int cut : new int[] {record, record + 1, record + 8, record + 15, record + 16, record + 17,
                    (record + 16 + next) / 2, next - 1}) {
                cuts.add(Math.min(cut, next));
            }
        }
        for (int length : cuts) {
            assertOutcome(capture, length, intact, pcapCut(records, length));
        }
    }

    @Test
    void corruptAndHugeRecordLengthsInEveryPcapRecordAreReported() throws Exception {
        byte[] capture = sample("loopback-http-curl.pcap");
        List<String> intact = read(capture).frames;
        for (int record : pcapRecordOffsets(capture)) {
            // Lengths beyond what a record may hold; a wrong length within the limits cannot be told from a right
            // one at that record (it misframes the rest, which the truncation tests cover).
            for (int length : new int[] {0x7FFFFFFF, -1, 262_145, 0x10000000}) {
                byte[] corrupt = capture.clone();
                ByteBuffer.wrap(corrupt).order(ByteOrder.LITTLE_ENDIAN).putInt(record + 8, length);
                Outcome outcome = assertPrefixThenCleanEndOrError(corrupt, intact,
                        "incl_len " + length + " at record " + record);
                assertThat(outcome.error).as("incl_len %d at %d", length, record).isNotNull();
                assertThat(outcome.error.getOffset()).isEqualTo(record);
                assertThat(outcome.error.getReason()).isEqualTo("captured length " + Integer.toUnsignedLong(length)
                        + " exceeds the 262144-byte (256 KiB) limit");
            }
        }
    }

    @Test
    void corruptBlockLengthsInEveryPcapngBlockAreReported() throws Exception {
        byte[] capture = sample("loopback-udp-dns-like.pcapng");
        List<String> intact = read(capture).frames;
        for (int block : pcapngBlockOffsets(capture)) {
            for (int length : new int[] {0, 4, 8, 13, 0x7FFFFFFC, -4, capture.length + 4}) {
                byte[] corrupt = capture.clone();
                ByteBuffer.wrap(corrupt).order(ByteOrder.LITTLE_ENDIAN).putInt(block + 4, length);
                Outcome outcome = assertPrefixThenCleanEndOrError(corrupt, intact,
                        "block length " + length + " at " + block);
                assertThat(outcome.error).as("block length %d at %d", length, block).isNotNull();
            }
        }
    }

    @Test
    void badMagicAndEveryCorruptedHeaderByteGiveAnErrorOrTheSameFrames() throws Exception {
        for (String sample : new String[] {"loopback-http-curl.pcap", "loopback-udp-dns-like.pcapng"}) {
            byte[] capture = sample(sample);
            List<String> intact = read(capture).frames;
            // Every byte of the file header (pcap) or the section and interface blocks (pcapng), flipped.
            for (int i = 0; i < Math.min(capture.length, 120); i++) {
                for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] corrupt = capture.clone();
                    corrupt[i] ^= (byte) flip;
                    Outcome outcome = outcome(corrupt);
                    if (outcome.error == null) {
                        // A flip in a field the reader does not depend on for framing (a timestamp, a length on
                        // the wire, an option): the same number of frames, since framing is intact.
                        assertThat(outcome.frames).as("%s, byte %d ^ %x", sample, i, flip).hasSameSizeAs(intact);
                    } else {
                        assertThat(outcome.error.getFile()).isEqualTo(NAME);
                        assertThat(outcome.error.getOffset()).isBetween(0L, (long) capture.length);
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationOfAGzipStreamGivesTheFramesItHoldsThenTheUncompressedOffsetWhereItEnds() throws Exception {
        byte[] gzip = sample("loopback-nmap-syn-scan.pcap.gz");
        byte[] capture;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            capture = in.readAllBytes();
        }
        List<String> intact = read(capture).frames;
        List<Integer> records = pcapRecordBoundaries(capture);
        int header = gzipHeaderLength(gzip);
        for (int length = 0; length < gzip.length; length++) {
            Expected expected;
            if (length < 2) {
                expected = tooShort(length); // not even gzip's two magic bytes: read as a capture
            } else if (length < header) {
                expected = Expected.errorStartingWith(0, 0, "gzip header is cut short or invalid: ");
            } else {
                // The JDK's own decompressor says how much of the capture the cut stream holds.
                long uncompressed = uncompressedBytes(gzip, length);
                expected = Expected.error(completeRecords(records, uncompressed), uncompressed,
                        "compressed stream ends early (truncated gzip) (offset in the uncompressed capture)");
            }
            int cut = length;
            assertOutcome("gzip cut at " + length, intact, expected,
                    () -> CaptureFiles.decompressed(NAME, new ByteArrayInputStream(gzip, 0, cut)));
        }
    }

    /**
     * What docs/malformed-input.md says of the first {@code length} bytes of a pcap file whose records start at
     * {@code records} (then its end): a clean end at a record boundary, else the reason at the cut record.
     */
    private static Expected pcapCut(List<Integer> records, int length) {
        if (length < 4) {
            return tooShort(length);
        }
        if (length < 24) {
            return Expected.error(0, length, "truncated pcap file header: " + length + " of 24 bytes");
        }
        int k = lastAtOrBefore(records, length);
        int record = records.get(k);
        int into = length - record;
        if (into == 0) {
            return Expected.cleanEnd(k);
        }
        if (into < 16) {
            return Expected.error(k, record, "truncated record header: " + into + " of 16 bytes");
        }
        int captured = records.get(k + 1) - record - 16;
        return Expected.error(k, record, "truncated record: header announces " + captured
                + " captured bytes, only " + (into - 16) + " remain");
    }

    /**
     * What docs/malformed-input.md says of the first {@code length} bytes of a pcapng file whose blocks start at
     * {@code blocks} (then its end): a clean end at a block boundary, else the reason at the cut block.
     */
    private static Expected pcapngCut(byte[] capture, List<Integer> blocks, int length) {
        if (length < 4) {
            return tooShort(length);
        }
        int k = lastAtOrBefore(blocks, length);
        int block = blocks.get(k);
        int into = length - block;
        int frames = 0;
        for (int i = 0; i < k; i++) {
            frames += PACKET_BLOCKS.contains(blockType(capture, blocks.get(i))) ? 1 : 0;
        }
        if (into == 0) {
            return Expected.cleanEnd(frames);
        }
        if (into < 8) {
            return Expected.error(frames, block, "truncated block header: " + into + " of 8 bytes before the end"
                    + " of the file");
        }
        int type = blockType(capture, block);
        int blockLength = blocks.get(k + 1) - block;
        String name = PARSED_BLOCKS.get(type);
        if (name == null) {
            return Expected.error(frames, block, "truncated block: its length " + blockLength
                    + " runs past the end of the file");
        }
        // A section header's byte order is known from its first 12 bytes, its length only then.
        int needed = type == PcapngFileReader.SECTION_HEADER_BLOCK && into < 12 ? 12 : blockLength;
        return Expected.error(frames, block, "truncated " + name + ": " + into + " of " + needed
                + " bytes before the end of the file");
    }

    /** The outcome docs/malformed-input.md gives a file of fewer than 4 bytes. */
    private static Expected tooShort(int length) {
        return length == 0 ? Expected.error(0, 0, "empty file: not a pcap or pcapng capture")
                : Expected.error(0, 0, "only " + length + " bytes: too short for a pcap or pcapng capture");
    }

    /** pcapng block types whose blocks are frames. */
    private static final Set<Integer> PACKET_BLOCKS = Set.of(2, 3, 6);

    /** The names the reader gives the blocks it buffers whole, by type; other blocks are skipped over. */
    private static final Map<Integer, String> PARSED_BLOCKS = Map.of(
            PcapngFileReader.SECTION_HEADER_BLOCK, "section header block", 1, "interface description block",
            2, "packet block", 3, "simple packet block", 6, "enhanced packet block");

    private static int blockType(byte[] capture, int block) {
        return ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN).getInt(block);
    }

    /** The index of the last of the ascending {@code offsets} at or before {@code offset}. */
    private static int lastAtOrBefore(List<Integer> offsets, long offset) {
        int k = 0;
        while (k + 1 < offsets.size() && offsets.get(k + 1) <= offset) {
            k++;
        }
        return k;
    }

    /** How many records of a pcap file with these record offsets (then its end) lie within its first bytes. */
    private static int completeRecords(List<Integer> records, long bytes) {
        return bytes < records.get(0) ? 0 : lastAtOrBefore(records, bytes);
    }

    /** The length of a gzip member's header: 10 bytes, then a zero-terminated file name if it has one. */
    private static int gzipHeaderLength(byte[] gzip) {
        assertThat(gzip[3] & ~0x08).as("gzip flags other than FNAME").isZero();
        int length = 10;
        if ((gzip[3] & 0x08) != 0) {
            while (gzip[length] != 0) {
                length++;
            }
            length++;
        }
        return length;
    }

    /** How many bytes the JDK's decompressor gets out of the first {@code length} bytes of {@code gzip}. */
    private static long uncompressedBytes(byte[] gzip, int length) throws IOException {
        long bytes = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip, 0, length))) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
            }
        } catch (EOFException cut) {
            return bytes;
        }
        throw new AssertionError("a gzip stream cut at " + length + " of " + gzip.length + " bytes read as complete");
    }

    /** Asserts that reading the first {@code length} bytes of {@code capture} gives {@code expected}. */
    private static void assertOutcome(byte[] capture, int length, List<String> intact, Expected expected) {
        assertOutcome("cut at " + length + " of " + capture.length, intact, expected,
                () -> new ByteArrayInputStream(capture, 0, length));
    }

    private static void assertOutcome(String what, List<String> intact, Expected expected, Input input) {
        Outcome outcome = outcome(input);
        assertThat(outcome.frames).as("%s: the frames before it", what).isEqualTo(intact.subList(0, expected.frames));
        if (expected.reason == null) {
            assertThat(outcome.error).as("%s: a clean end", what).isNull();
            return;
        }
        assertThat(outcome.error).as("%s: %s", what, expected).isNotNull();
        assertThat(outcome.error.getFile()).as(what).isEqualTo(NAME);
        assertThat(outcome.error.getOffset()).as("%s: offset of %s", what, outcome.error.getMessage())
                .isEqualTo(expected.offset);
        if (expected.reasonIsPrefix) {
            assertThat(outcome.error.getReason()).as(what).startsWith(expected.reason);
        } else {
            assertThat(outcome.error.getReason()).as(what).isEqualTo(expected.reason);
        }
    }

    /**
     * A documented outcome of reading a defective capture: so many of its frames, then a clean end or an error
     * with this offset and reason.
     */
    private static final class Expected {
        final int frames;
        final long offset;
        /** Null for a clean end. */
        final String reason;
        /** Whether {@link #reason} is only how the reason starts (the rest is the JDK's words). */
        final boolean reasonIsPrefix;

        private Expected(int frames, long offset, String reason, boolean reasonIsPrefix) {
            this.frames = frames;
            this.offset = offset;
            this.reason = reason;
            this.reasonIsPrefix = reasonIsPrefix;
        }

        static Expected cleanEnd(int frames) {
            return new Expected(frames, -1, null, false);
        }

        static Expected error(int frames, long offset, String reason) {
            return new Expected(frames, offset, reason, false);
        }

        static Expected errorStartingWith(int frames, long offset, String reason) {
            return new Expected(frames, offset, reason, true);
        }

        @Override
        public String toString() {
            return reason == null ? frames + " frames, then a clean end"
                    : frames + " frames, then at byte offset " + offset + ": " + reason + (reasonIsPrefix ? "..." : "");
        }
    }

    /** Opens the stream a reader reads; may fail as the gzip layer does. */
    @FunctionalInterface
    private interface Input {
        InputStream open() throws IOException;
    }

    private static Outcome assertPrefixThenCleanEndOrError(byte[] capture, List<String> intact, String what) {
        Outcome outcome = outcome(capture);
        assertThat(outcome.frames.size()).as(what).isLessThanOrEqualTo(intact.size());
        assertThat(outcome.frames).as(what).isEqualTo(intact.subList(0, outcome.frames.size()));
        if (outcome.error != null) {
            assertThat(outcome.error.getFile()).as(what).isEqualTo(NAME);
            assertThat(outcome.error.getOffset()).as(what).isBetween(0L, (long) capture.length);
            assertThat(outcome.error.getMessage()).as(what).startsWith(NAME + " at byte offset ");
        }
        return outcome;
    }

    /** The frames a reader gives, and the error it ends with (null for a clean end). */
    private static final class Outcome {
        final List<String> frames = new ArrayList<>();
        CaptureFormatException error;
    }

    private static Outcome outcome(byte[] capture) {
        return outcome(() -> new ByteArrayInputStream(capture));
    }

    private static Outcome outcome(Input input) {
        Outcome outcome = new Outcome();
        try (InputStream in = input.open()) {
            readInto(CaptureFiles.open(NAME, in), outcome.frames);
        } catch (CaptureFormatException e) {
            outcome.error = e;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("not the reader's documented error type: " + e, e);
        }
        return outcome;
    }

    private static Outcome read(byte[] capture) {
        Outcome outcome = outcome(capture);
        assertThat(outcome.error).as("the intact capture").isNull();
        return outcome;
    }

    private static void readInto(CaptureFileReader reader, List<String> frames) throws IOException {
        CapturedFrame frame = new CapturedFrame();
        while (reader.next(frame)) {
            frames.add(frame.timestampNanos() + "/" + frame.wireLength() + "/" + frame.linkType() + "/"
                    + Arrays.hashCode(Arrays.copyOfRange(frame.buffer(), frame.offset(),
                            frame.offset() + frame.capturedLength())));
        }
    }

    /** Offsets of the record headers of an intact little-endian pcap file. */
    private static List<Integer> pcapRecordOffsets(byte[] capture) {
        List<Integer> boundaries = pcapRecordBoundaries(capture);
        return boundaries.subList(0, boundaries.size() - 1);
    }

    /** Offsets of the record headers of an intact little-endian pcap file, then of its end. */
    private static List<Integer> pcapRecordBoundaries(byte[] capture) {
        ByteBuffer buffer = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        int offset = 24;
        for (; offset + 16 <= capture.length; offset += 16 + buffer.getInt(offset + 8)) {
            offsets.add(offset);
        }
        offsets.add(offset);
        assertThat(offset).as("the last record ends with the file").isEqualTo(capture.length);
        return offsets;
    }

    /** Offsets of the blocks of an intact little-endian pcapng file. */
    private static List<Integer> pcapngBlockOffsets(byte[] capture) {
        List<Integer> boundaries = pcapngBlockBoundaries(capture);
        return boundaries.subList(0, boundaries.size() - 1);
    }

    /** Offsets of the blocks of an intact little-endian pcapng file, then of its end. */
    private static List<Integer> pcapngBlockBoundaries(byte[] capture) {
        ByteBuffer buffer = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        int offset = 0;
        for (; offset + 12 <= capture.length; offset += buffer.getInt(offset + 4)) {
            offsets.add(offset);
        }
        offsets.add(offset);
        assertThat(offset).as("the last block ends with the file").isEqualTo(capture.length);
        return offsets;
    }

    private static byte[] sample(String name) throws IOException {
        Path file = SharedData.sampleData().resolve(name);
        return Files.readAllBytes(file);
    }
}
