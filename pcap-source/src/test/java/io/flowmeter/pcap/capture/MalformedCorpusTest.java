package io.flowmeter.pcap.capture;

import io.flowmeter.testing.SharedData;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A malformed-capture corpus made from the recorded sample captures by the test itself: every truncation, corrupt
 * and huge lengths in every record and block header, bad magic, zero-length and undersized blocks, a gzip stream
 * cut short. The outcome is the one docs/malformed-input.md documents: the frames before the defect, exactly as in
 * the intact file, then either a clean end (a cut exactly between records) or a {@link CaptureFormatException}
 * naming the file and an offset within the file; never another exception, never a frame that was not there.
 */
class MalformedCorpusTest {

    private static final String NAME = "corpus";

    @Test
    void everyTruncationOfAPcapngCaptureGivesItsFramesUpToTheCutThenOneClearError() throws Exception {
        byte[] capture = sample("loopback-udp-dns-like.pcapng");
        List<String> intact = read(capture).frames;
        for (int length = 0; length < capture.length; length++) {
            assertPrefixThenCleanEndOrError(Arrays.copyOf(capture, length), intact, "cut at " + length);
        }
    }

    @Test
    void everyTruncationOfAPcapCaptureAtAndAroundItsRecordBoundariesGivesAClearError() throws Exception {
        byte[] capture = sample("loopback-http-curl.pcap");
        List<String> intact = read(capture).frames;
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i <= 24; i++) {
            cuts.add(i);
        }
        for (int record : pcapRecordOffsets(capture)) {
            for (int delta : new int[] {-1, 0, 1, 8, 15, 16, 17, 40}) {
                cuts.add(record + delta);
            }
        }
        for (int length : cuts) {
            if (length >= 0 && length < capture.length) {
                assertPrefixThenCleanEndOrError(Arrays.copyOf(capture, length), intact, "cut at " + length);
            }
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
    void aGzipStreamCutShortGivesTheFramesBeforeTheCutAndAClearError() throws Exception {
        byte[] gzip = sample("loopback-nmap-syn-scan.pcap.gz");
        List<String> intact;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            intact = read(in.readAllBytes()).frames;
        }
        for (int length = 0; length < gzip.length; length += 37) {
            byte[] cut = Arrays.copyOf(gzip, length);
            List<String> frames = new ArrayList<>();
            try (InputStream in = CaptureFiles.decompressed(NAME, new ByteArrayInputStream(cut))) {
                readInto(CaptureFiles.open(NAME, in), frames);
                fail("a gzip stream cut at %d of %d bytes read as complete", length, gzip.length);
            } catch (IOException e) {
                assertThat(e).as("cut at %d", length).isInstanceOf(CaptureFormatException.class);
            }
            assertThat(intact.subList(0, frames.size())).isEqualTo(frames);
        }
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
        Outcome outcome = new Outcome();
        try {
            readInto(CaptureFiles.open(NAME, new ByteArrayInputStream(capture)), outcome.frames);
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

    /** Offsets of the record headers of a little-endian pcap file. */
    private static List<Integer> pcapRecordOffsets(byte[] capture) {
        ByteBuffer buffer = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        for (int offset = 24; offset + 16 <= capture.length; offset += 16 + buffer.getInt(offset + 8)) {
            offsets.add(offset);
        }
        return offsets;
    }

    /** Offsets of the blocks of a little-endian pcapng file. */
    private static List<Integer> pcapngBlockOffsets(byte[] capture) {
        ByteBuffer buffer = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        for (int offset = 0; offset + 12 <= capture.length; offset += buffer.getInt(offset + 4)) {
            offsets.add(offset);
        }
        return offsets;
    }

    private static byte[] sample(String name) throws IOException {
        Path file = SharedData.sampleData().resolve(name);
        return Files.readAllBytes(file);
    }
}
