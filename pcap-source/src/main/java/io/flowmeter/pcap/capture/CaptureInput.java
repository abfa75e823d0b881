package io.flowmeter.pcap.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered view of a capture stream that knows the byte offset of everything it hands out. Records are made
 * contiguous in one buffer, so parsing reads from an array and allocates nothing per record.
 */
final class CaptureInput {

    /** Largest record a reader will buffer: the 256 KiB frame limit plus block headers and options. */
    static final int MAX_CONTIGUOUS = 512 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[MAX_CONTIGUOUS + 64 * 1024];
    private int position;
    private int limit;
    private long bufferStartOffset;
    private boolean endOfStream;

    CaptureInput(InputStream in) {
        this.in = in;
    }

    byte[] buffer() {
        return buffer;
    }

    /** Bytes in the buffer not yet handed out. */
    int buffered() {
        return limit - position;
    }

    /** Index in {@link #buffer()} of the next unread byte. */
    int position() {
        return position;
    }

    /** Stream offset of the next unread byte. */
    long offset() {
        return bufferStartOffset + position;
    }

    /**
     * Makes {@code n} bytes readable from {@link #position()} on and returns how many are (fewer than {@code n}
     * only at the end of the stream).
     */
    int require(int n) throws IOException {
        if (n > MAX_CONTIGUOUS) {
            throw new IllegalArgumentException("cannot buffer " + n + " bytes");
        }
        if (limit - position >= n) {
            return n;
        }
        if (position + n > buffer.length) {
            compact();
        }
        while (limit - position < n && !endOfStream) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                endOfStream = true;
            } else {
                limit += read;
            }
        }
        return Math.min(n, limit - position);
    }

    /** Whether no byte is left. */
    boolean atEnd() throws IOException {
        return require(1) == 0;
    }

    void advance(int n) {
        position += n;
    }

    /** Skips forward to a stream offset; a reader position can only be restored on a fresh, earlier reader. */
    void skipTo(long target) throws IOException {
        long current = offset();
        if (target < current) {
            throw new IllegalArgumentException("cannot seek back from " + current + " to " + target);
        }
        skip(target - current);
    }

    /** Skips {@code n} bytes, through the stream when they are not buffered; fails at a premature end. */
    void skip(long n) throws IOException {
        long buffered = limit - position;
        if (n <= buffered) {
            position += (int) n;
            return;
        }
        long remaining = n - buffered;
        bufferStartOffset += limit;
        position = 0;
        limit = 0;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    endOfStream = true;
                    throw new EOFException();
                }
                skipped = 1;
            }
            bufferStartOffset += skipped;
            remaining -= skipped;
        }
    }

    private void compact() {
        int unread = limit - position;
        System.arraycopy(buffer, position, buffer, 0, unread);
        bufferStartOffset += position;
        position = 0;
        limit = unread;
    }
}
