package io.flowmeter.pcap.source;

import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CapturedFrame;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * The order capture files are read in: by the time of their first frame, then by path. Event time then moves
 * forward from one capture to the next whatever the files are called (CIC-IDS2017's days are named Monday to
 * Friday, which path order reads Friday first), so flows expire on the way instead of arriving late, and later
 * stages that order flows by event time (the host context) see the same order on every run. A file whose first
 * frame cannot be read goes last, where its reader reports what is wrong with it.
 */
final class CaptureTimeOrder {

    private final Map<Path, Long> firstFrameNanos = new HashMap<>();

    /** The order of splits: first frame time of their file, path, split id. */
    Comparator<FileSourceSplit> splits() {
        return Comparator.comparingLong((FileSourceSplit s) -> firstFrameNanos(s.path()))
                .thenComparing(s -> s.path().toString())
                .thenComparing(FileSourceSplit::splitId);
    }

    long firstFrameNanos(Path path) {
        return firstFrameNanos.computeIfAbsent(path, CaptureTimeOrder::readFirstFrame);
    }

    private static long readFirstFrame(Path path) {
        try (InputStream in = CaptureStreams.open(path)) {
            CaptureFileReader reader = CaptureFiles.open(CaptureStreams.displayName(path), in);
            CapturedFrame frame = new CapturedFrame();
            return reader.next(frame) ? frame.timestampNanos() : Long.MAX_VALUE;
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
