package io.flowmeter.pcap.capture;

/** The sanity limits every frame record must meet before the reader buffers it. */
final class RecordLimits {

    /** libpcap's largest snapshot length; a longer record is corruption, never a real frame. */
    static final int MAX_FRAME_LENGTH = 256 * 1024;

    private RecordLimits() {}

    static void check(String file, long recordOffset, long capturedLength, long snapLength)
            throws CaptureFormatException {
        if (capturedLength > MAX_FRAME_LENGTH) {
            throw new CaptureFormatException(file, recordOffset, "captured length " + capturedLength
                    + " exceeds the " + MAX_FRAME_LENGTH + "-byte (256 KiB) limit");
        }
        if (snapLength > 0 && capturedLength > snapLength) {
            throw new CaptureFormatException(file, recordOffset, "captured length " + capturedLength
                    + " exceeds the snapshot length " + snapLength);
        }
    }
}
