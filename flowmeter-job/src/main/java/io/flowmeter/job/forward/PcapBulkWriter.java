package io.flowmeter.job.forward;

import io.flowmeter.flow.FlowFrame;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;

/**
 * Forwarded frames as a pcap part file of Flink's {@code FileSink} ({@link PcapWriter}'s format): the global
 * header, with the link type of the file's first frame, then the frames. {@link LinkTypeBuckets} keeps one link
 * type per file.
 */
final class PcapBulkWriter implements BulkWriter<FlowFrame> {

    private final BufferedOutputStream out;
    private PcapWriter pcap;

    PcapBulkWriter(FSDataOutputStream stream) {
        this.out = new BufferedOutputStream(stream, 1 << 16);
    }

    /** The factory the sink opens part files with. */
    static BulkWriter.Factory<FlowFrame> factory() {
        return PcapBulkWriter::new;
    }

    @Override
    public void addElement(FlowFrame frame) throws IOException {
        if (pcap == null) {
            pcap = new PcapWriter(out, frame.linkType());
        }
        pcap.write(frame.timestampNanos(), frame.bytes(), 0, frame.bytes().length, frame.wireLength());
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes what is buffered; the sink closes the stream itself. */
    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
