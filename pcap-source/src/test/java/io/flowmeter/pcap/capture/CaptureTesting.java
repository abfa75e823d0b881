package io.flowmeter.pcap.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads whole captures from bytes, for the reader tests. */
final class CaptureTesting {

    private CaptureTesting() {}

    /** One frame as read: copies of the fields, so a list of them outlives the reader's buffer. */
    static final class Frame {
        final long timestampNanos;
        final int capturedLength;
        final int wireLength;
        final int linkType;

        Frame(CapturedFrame f) {
            timestampNanos = f.timestampNanos();
            capturedLength = f.capturedLength();
            wireLength = f.wireLength();
            linkType = f.linkType();
        }
    }

    static List<Frame> readAll(byte[] capture) throws IOException {
        CaptureFileReader reader = CaptureFiles.open("test.cap", new ByteArrayInputStream(capture));
        CapturedFrame frame = new CapturedFrame();
        List<Frame> frames = new ArrayList<>();
        while (reader.next(frame)) {
            frames.add(new Frame(frame));
        }
        return frames;
    }
}
