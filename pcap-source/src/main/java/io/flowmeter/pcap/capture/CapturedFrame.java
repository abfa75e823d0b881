package io.flowmeter.pcap.capture;

/**
 * One frame as a capture file holds it: a view into the reader's buffer plus the record header fields. A reader
 * fills the same instance for every frame; the bytes are valid only until the next call.
 */
public final class CapturedFrame {
    private byte[] buffer;
    private int offset;
    private int capturedLength;
    private int wireLength;
    private long timestampNanos;
    private int linkType;
    /** Whether the file was written in big-endian order (link types NULL use the writer's byte order). */
    private boolean bigEndianFile;

    public byte[] buffer() { return buffer; }
    public int offset() { return offset; }
    public int capturedLength() { return capturedLength; }
    public int wireLength() { return wireLength; }
    public long timestampNanos() { return timestampNanos; }
    public int linkType() { return linkType; }
    public boolean bigEndianFile() { return bigEndianFile; }

    /** A record's wire length: its original length, but never less than what was captured of it. */
    static int wireLength(long originalLength, long capturedLength) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(originalLength, capturedLength));
    }

    /** Sets every field: readers fill one frame per record; tests and other sources (live capture, Kafka) too. */
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
