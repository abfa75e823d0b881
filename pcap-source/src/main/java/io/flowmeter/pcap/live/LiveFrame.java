package io.flowmeter.pcap.live;

/** One frame as libpcap handed it over, on its way from the capture thread to the record emitter. */
final class LiveFrame {

    final byte[] data;
    final int originalLength;
    final long timestampNanos;
    final int linkType;

    LiveFrame(byte[] data, int originalLength, long timestampNanos, int linkType) {
        this.data = data;
        this.originalLength = originalLength;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
    }
}
