package io.flowmeter.pcap.source;

import io.flowmeter.pcap.capture.CaptureFiles;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Opens a capture file for reading, unwrapping gzip by its magic bytes, whatever the file is called. */
final class CaptureStreams {

    private static final int READ_BUFFER = 256 * 1024;

    private CaptureStreams() {}

    static InputStream open(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        InputStream in = new BufferedInputStream(fs.open(path), READ_BUFFER);
        try {
            return CaptureFiles.decompressed(displayName(path), in);
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
