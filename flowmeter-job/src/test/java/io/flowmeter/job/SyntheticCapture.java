package io.flowmeter.job;

import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A pcap file (Ethernet, microsecond timestamps) written packet by packet for tests: IPv4 TCP segments and UDP
 * datagrams between given endpoints, or any frame, each at a time in microseconds from a start second.
 */
final class SyntheticCapture {

    private final CaptureBuilder pcap = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
    private final long startSeconds;

    SyntheticCapture(long startSeconds) {
        this.startSeconds = startSeconds;
    }

    /** A TCP segment of a connection from {@code client} to {@code server}, in the direction given, window 64000. */
    SyntheticCapture tcp(long micros, String client, int clientPort, String server, int serverPort, int flags,
            int payload, boolean fromClient) {
        byte[] segment = fromClient ? Frames.tcp(clientPort, serverPort, flags, 64000, payload)
                : Frames.tcp(serverPort, clientPort, flags, 64000, payload);
        return frame(micros, Frames.ethernet(0x0800, fromClient ? Frames.ipv4(client, server, 6, segment)
                : Frames.ipv4(server, client, 6, segment)));
    }

    /** A UDP datagram from {@code src} to {@code dst} with {@code payload} bytes. */
    SyntheticCapture udp(long micros, String src, int srcPort, String dst, int dstPort, int payload) {
        return frame(micros, Frames.ethernet(0x0800, Frames.ipv4(src, dst, 17, Frames.udp(srcPort, dstPort, payload))));
    }

    /** Any frame, whole: its length on the wire is its length. */
    SyntheticCapture frame(long micros, byte[] frame) {
        pcap.record(startSeconds + micros / 1_000_000, micros % 1_000_000, frame, frame.length);
        return this;
    }

    byte[] bytes() {
        return pcap.bytes();
    }

    Path writeTo(Path file) throws IOException {
        return pcap.writeTo(file);
    }
}
