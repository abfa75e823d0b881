package io.flowmeter.pcap.capture;

import java.io.IOException;

/**
 * Reads the frames of one capture file, one at a time, into a reused {@link CapturedFrame}.
 *
 * <p>Every defect is a {@link CaptureFormatException} naming the file, offset and reason; after one, the
 * reader is done. {@link #position()} and {@link #seek(long)} let a Flink reader checkpoint and resume mid-file.
 */
public interface CaptureFileReader {

    /** Fills {@code frame} with the next frame; false at a clean end of the file. */
    boolean next(CapturedFrame frame) throws IOException;

    /** Offset of the next record to read: a position that {@link #seek(long)} accepts. */
    long position();

    /**
     * Moves to a position that {@link #position()} returned on an earlier reader of the same file, which must be
     * at or after the current position. Formats whose records depend on earlier blocks (pcapng interfaces) replay
     * those blocks on the way.
     */
    void seek(long position) throws IOException;

    /**
     * Bytes read from the stream and not yet handed out: while there are some, the next frame is (most likely) at
     * hand without a read that could wait, as on a pipe.
     */
    int bufferedBytes();

    /** The capture format, for messages: "pcap" or "pcapng". */
    String formatName();
}
