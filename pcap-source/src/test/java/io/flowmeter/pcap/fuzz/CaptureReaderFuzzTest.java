package io.flowmeter.pcap.fuzz;

import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CaptureFormatException;
import io.flowmeter.pcap.capture.CapturedFrame;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fuzzes the capture readers (pcap, pcapng, gzip) with Jazzer. The invariants: the only exception is the readers'
 * own {@link CaptureFormatException}; every frame fits its buffer and the 256 KiB record limit; no buffer grows
 * beyond what one record may need, whatever lengths the input claims; no hang (Jazzer's per-input timeout).
 *
 * <p>In the test suite this runs the seeds in {@code CaptureReaderFuzzTestInputs} (made from sample-data, plus any
 * input that ever failed); {@code mvn verify} also fuzzes it for 20 s (surefire execution {@code fuzz-reader});
 * {@code pcap-source/fuzz.sh reader 600} fuzzes it for ten minutes.
 */
public class CaptureReaderFuzzTest {

    /** A frame never exceeds the record limit; a reader's buffer holds at most one record and its headers. */
    private static final int MAX_FRAME = 256 * 1024;
    private static final int MAX_BUFFER = 2 * MAX_FRAME + 64 * 1024;

    @FuzzTest(maxDuration = "20s")
    void readersFailOnlyWithTheirOwnError(byte[] data) throws IOException {
        check(data);
    }

    /** The same target for Jazzer's command line ({@code fuzz.sh}). */
    public static void fuzzerTestOneInput(byte[] data) throws IOException {
        check(data);
    }

    static void check(byte[] data) throws IOException {
        try (InputStream in = CaptureFiles.decompressed("fuzz",
                new BufferedInputStream(new ByteArrayInputStream(data)))) {
            CaptureFileReader reader = CaptureFiles.open("fuzz", in);
            CapturedFrame frame = new CapturedFrame();
            long previous = -1;
            while (reader.next(frame)) {
                if (frame.capturedLength() < 0 || frame.capturedLength() > MAX_FRAME
                        || frame.offset() < 0 || frame.offset() + frame.capturedLength() > frame.buffer().length) {
                    throw new IllegalStateException("frame outside its buffer or over the limit: offset "
                            + frame.offset() + ", length " + frame.capturedLength() + ", buffer "
                            + frame.buffer().length);
                }
                if (frame.buffer().length > MAX_BUFFER) {
                    throw new IllegalStateException("buffer of " + frame.buffer().length + " bytes");
                }
                if (reader.position() <= previous) {
                    throw new IllegalStateException("position did not advance: " + reader.position());
                }
                previous = reader.position();
            }
        } catch (CaptureFormatException expected) {
            // The documented outcome for a defect.
        }
    }
}
