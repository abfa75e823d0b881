package io.flowmeter.pcap.capture;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip-compressed capture, decompressed, whose defects (a stream cut short, corrupt compressed data) surface as
 * {@link CaptureFormatException}s naming the file and the offset in the uncompressed capture, like every other
 * defect the readers report.
 */
final class GzipCaptureStream extends FilterInputStream {

    private static final int BUFFER = 256 * 1024;

    private final String file;
    private long offset;

    private GzipCaptureStream(String file, InputStream decompressed) {
        super(decompressed);
        this.file = file;
    }

    /** Reads the gzip header of {@code in}; a header cut short or invalid is reported at offset 0. */
    static GzipCaptureStream open(String file, InputStream in) throws CaptureFormatException {
        try {
            return new GzipCaptureStream(file, new GZIPInputStream(in, BUFFER));
        } catch (IOException e) {
            throw new CaptureFormatException(file, 0, "gzip header is cut short or invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b >= 0) {
                offset++;
            }
            return b;
        } catch (EOFException | ZipException e) {
            throw defect(e);
        }
    }

    @Override
    public int read(byte[] buffer, int start, int length) throws IOException {
        try {
            int n = super.read(buffer, start, length);
            if (n > 0) {
                offset += n;
            }
            return n;
        } catch (EOFException | ZipException e) {
            throw defect(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            long skipped = super.skip(n);
            offset += skipped;
            return skipped;
        } catch (EOFException | ZipException e) {
            throw defect(e);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private CaptureFormatException defect(IOException e) {
        String reason = e instanceof EOFException ? "compressed stream ends early (truncated gzip)"
                : "invalid compressed data: " + e.getMessage();
        return new CaptureFormatException(file, offset, reason + " (offset in the uncompressed capture)", e);
    }
}
