package io.flowmeter.pcap.capture;

/**
 * One frame as a capture file holds it: a view into the reader's buffer plus the record header fields. A reader
 * fills the same instance for every frame; the bytes are valid only until the next call.
 */
public final class CapturedFrame {
    byte[] buffer;
    int offset;
    int capturedLength;
    int wireLength;
    long timestampNanos;
    int linkType;
    /** Whether the file was written in big-endian order (link types NULL use the writer's byte order). */
    boolean bigEndianFile;

    public byte[] buffer() { return buffer; }
    public int offset() { return offset; }
    public int capturedLength() { return capturedLength; }
    public int wireLength() { return wireLength; }
    public long timestampNanos() { return timestampNanos; }
    public int linkType() { return linkType; }
    public boolean bigEndianFile() { return bigEndianFile; }

    /** Sets every field; for tests and for sources that are not capture files (live capture, Kafka). */
    public CapturedFrame set(byte[] buffer, int offset, int capturedLength, int wireLength, long timestampNanos,
            int linkType, boolean bigEndianFile) {
        this.buffer = buffer;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.wireLength = wireLength;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.bigEndianFile = bigEndianFile;
        return this;
    }
}
