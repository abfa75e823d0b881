package io.flowmeter.pcap.source;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens a capture file for reading, unwrapping gzip by its magic bytes, whatever the file is called. */
final class CaptureStreams {

    private static final int GZIP_MAGIC_FIRST = 0x1F;
    private static final int GZIP_MAGIC_SECOND = 0x8B;
    private static final int READ_BUFFER = 256 * 1024;

    private CaptureStreams() {}

    static InputStream open(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        FSDataInputStream in = fs.open(path);
        try {
            int first = in.read();
            int second = first < 0 ? -1 : in.read();
            in.seek(0);
            if (first == GZIP_MAGIC_FIRST && second == GZIP_MAGIC_SECOND) {
                return new GZIPInputStream(in, READ_BUFFER);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A path as people write it: without the {@code file:} scheme for local files. */
    static String displayName(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || "file".equals(scheme) ? path.toUri().getPath() : path.toString();
    }
}
