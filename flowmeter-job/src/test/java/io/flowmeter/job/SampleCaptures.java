package io.flowmeter.job;

import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Captures that go with sample-data in the tests of continuous jobs. */
final class SampleCaptures {

    /** Epoch seconds 10 s after the last packet of sample-data's nmap scan. */
    private static final long AFTER_THE_SCAN_SECONDS = 1_795_405_441L;

    private SampleCaptures() {}

    /**
     * Writes a capture of one UDP datagram 10 s after sample-data's nmap scan (the latest sample): read after the
     * samples, it moves event time past the linger of the scan's flows, which are then written, while its own flow
     * stays open.
     */
    static Path afterTheScan(Path file) throws IOException {
        byte[] frame = Frames.ethernet(0x0800, Frames.ipv4("127.0.0.1", "127.0.0.2", 17, Frames.udp(5000, 53, 20)));
        return CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(AFTER_THE_SCAN_SECONDS, 0, frame, frame.length).writeTo(file);
    }
}
