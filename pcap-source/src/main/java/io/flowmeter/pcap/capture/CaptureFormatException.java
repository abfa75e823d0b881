package io.flowmeter.pcap.capture;

import java.io.IOException;

/**
 * The one error type of the capture readers: a file that is not a capture, or a capture with a defect. It names
 * the file, the byte offset where the defect starts (in the uncompressed stream for {@code .gz} files) and the
 * reason, so that a user can find the defect with a hex dump.
 */
public final class CaptureFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final long offset;
    private final String reason;

    public CaptureFormatException(String file, long offset, String reason) {
        this(file, offset, reason, null);
    }

    public CaptureFormatException(String file, long offset, String reason, Throwable cause) {
        super(file + " at byte offset " + offset + ": " + reason, cause);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    public String getFile() { return file; }
    public long getOffset() { return offset; }
    public String getReason() { return reason; }
}
