package io.flowmeter.job.sink;

import io.flowmeter.flow.FlowRecord;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes flows to one CSV part file, starting with the header row, so that every part file stands alone. */
public final class FlowCsvWriter implements BulkWriter<FlowRecord> {

    private static final int FLUSH_THRESHOLD = 64 * 1024;

    private final FSDataOutputStream out;
    private final StringBuilder pending = new StringBuilder(FLUSH_THRESHOLD + 4096);

    FlowCsvWriter(FSDataOutputStream out) {
        this.out = out;
        pending.append(FlowCsvFormat.header()).append('\n');
    }

    @Override
    public void addElement(FlowRecord flow) throws IOException {
        FlowCsvFormat.appendLine(flow, pending);
        if (pending.length() >= FLUSH_THRESHOLD) {
            writePending();
        }
    }

    @Override
    public void flush() throws IOException {
        writePending();
        out.flush();
    }

    /** Flushes without closing: the sink owns the stream. */
    @Override
    public void finish() throws IOException {
        flush();
    }

    private void writePending() throws IOException {
        if (pending.length() > 0) {
            out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
            pending.setLength(0);
        }
    }

    /** Creates a writer per part file. */
    public static final class Factory implements BulkWriter.Factory<FlowRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public BulkWriter<FlowRecord> create(FSDataOutputStream out) {
            return new FlowCsvWriter(out);
        }
    }
}
