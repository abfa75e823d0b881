package io.flowmeter.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

import java.io.IOException;

/**
 * Writes records as lines of one text part file (CSV or JSON Lines), starting with the header line if there is one,
 * so that every part file stands alone.
 */
public final class TextLinesWriter<T> implements BulkWriter<T> {

    private static final int FLUSH_THRESHOLD = 64 * 1024;

    private final FSDataOutputStream out;
    private final TextLines<T> lines;
    private final StringBuilder pending = new StringBuilder(FLUSH_THRESHOLD + 4096);
    private byte[] bytes = new byte[FLUSH_THRESHOLD + 4096];

    TextLinesWriter(FSDataOutputStream out, TextLines<T> lines) {
        this.out = out;
        this.lines = lines;
        String header = lines.header();
        if (header != null) {
            pending.append(header).append('\n');
        }
    }

    @Override
    public void addElement(T record) throws IOException {
        lines.append(record, pending);
        pending.append('\n');
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
        int length = pending.length();
        if (length == 0) {
            return;
        }
        if (bytes.length < length) {
            bytes = new byte[length];
        }
        // Numbers, addresses, names: flow output is ASCII, so each char is its byte.
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) pending.charAt(i);
        }
        out.write(bytes, 0, length);
        pending.setLength(0);
    }

    /** Creates a writer per part file. */
    public static final class Factory<T> implements BulkWriter.Factory<T> {
        private static final long serialVersionUID = 1L;

        private final TextLines<T> lines;

        public Factory(TextLines<T> lines) {
            this.lines = lines;
        }

        @Override
        public BulkWriter<T> create(FSDataOutputStream out) {
            return new TextLinesWriter<>(out, lines);
        }
    }
}
