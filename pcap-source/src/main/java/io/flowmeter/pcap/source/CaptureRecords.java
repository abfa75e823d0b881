package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CaptureFormatException;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The records of one capture split, one at a time: its decoded packets, then a marker ({@code FILE_DONE}, or
 * {@code FILE_CORRUPT} with the path, offset and reason of the defect that ended it). A defect never fails the
 * job; an I/O failure of the file system does, so that Flink restarts from the last checkpoint.
 *
 * <p>A sharded split (see {@link ShardedCaptureSource}) yields only the IP packets its shard owns; shard 0 also
 * yields the non-IP and malformed packets and the marker, so that every count is made once. A frame the shard does
 * not keep that is the newest of the file so far (to the millisecond) goes on as a {@link PacketKind#TIME} record,
 * so that every shard's event time follows all the file's frames, as a single reader's does: which flows expire in
 * event time then does not depend on which shard keeps which flows.
 */
final class CaptureRecords implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureRecords.class);
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final String file;
    private final long fileSize;
    @Nullable private final InputStream stream;
    @Nullable private final PacketOwnership ownership;
    @Nullable private final CaptureShard shard;
    private final PacketDecoder decoder = new PacketDecoder();
    private final CapturedFrame frame = new CapturedFrame();
    @Nullable private CaptureFileReader capture;
    @Nullable private String error;
    private boolean done;
    /** Capture time of the newest frame read so far, in epoch milliseconds (event time's unit). */
    private long newestMillis = Long.MIN_VALUE;

    private CaptureRecords(String file, long fileSize, @Nullable InputStream stream,
            @Nullable PacketOwnership ownership, @Nullable CaptureShard shard) {
        this.file = file;
        this.fileSize = fileSize;
        this.stream = stream;
        this.ownership = shard == null ? null : ownership;
        this.shard = ownership == null ? null : shard;
    }

    /** These records, whose IP packets also hold their frames' bytes when {@code keep} (for forwarding). */
    CaptureRecords keepingFrames(boolean keep) {
        decoder.keepingFrames(keep);
        return this;
    }

    /** Opens a split's file, positioned at {@code offset} (a {@link #position()} of an earlier reader) if given. */
    static CaptureRecords open(FileSourceSplit split, long offset, @Nullable PacketOwnership ownership)
            throws IOException {
        String file = CaptureStreams.displayName(split.path());
        CaptureShard shard = CaptureShard.of(split);
        InputStream stream;
        try {
            stream = CaptureStreams.open(split.path());
        } catch (CaptureFormatException e) {
            return failed(split, ownership, shard, e.getMessage());
        } catch (FileNotFoundException e) {
            // Deleted since it was listed, or not readable (LocalFileSystem reports both this way).
            return failed(split, ownership, shard, file + " at byte offset 0: cannot open: " + e.getMessage());
        }
        CaptureRecords records = new CaptureRecords(file, split.fileSize(), stream, ownership, shard);
        try {
            records.start(offset);
        } catch (IOException | RuntimeException e) {
            records.close();
            throw e;
        }
        return records;
    }

    private static CaptureRecords failed(FileSourceSplit split, @Nullable PacketOwnership ownership,
            @Nullable CaptureShard shard, String error) {
        CaptureRecords records = new CaptureRecords(CaptureStreams.displayName(split.path()), split.fileSize(), null,
                ownership, shard);
        records.error = error;
        return records;
    }

    private void start(long offset) throws IOException {
        try {
            capture = CaptureFiles.open(file, stream);
            if (offset != CheckpointedPosition.NO_OFFSET) {
                capture.seek(offset);
            }
        } catch (CaptureFormatException e) {
            error = e.getMessage();
        }
    }

    /** Decodes the next record into {@code out}; false when the split has no more. */
    boolean next(PacketRecord out) throws IOException {
        if (done) {
            return false;
        }
        if (error == null) {
            try {
                while (capture.next(frame)) {
                    decoder.decode(frame, out);
                    boolean newest = isNewest(out);
                    if (emits(out)) {
                        return true;
                    }
                    if (newest) {
                        out.markTime();
                        return true;
                    }
                }
            } catch (CaptureFormatException e) {
                error = e.getMessage();
            }
        }
        done = true;
        if (shard != null && shard.index != 0) {
            return false;
        }
        if (error != null) {
            LOG.warn("Corrupt capture: {}", error);
            out.markFileCorrupt(file, error, fileSize);
        } else {
            out.markFileDone(file, fileSize);
        }
        return true;
    }

    private boolean emits(PacketRecord record) {
        if (shard == null) {
            return true;
        }
        if (record.getKind() == PacketKind.IP) {
            return ownership.owns(record, shard.index, shard.count);
        }
        return shard.index == 0;
    }

    /** Whether a frame of a sharded split is later, to the millisecond, than every frame read before it. */
    private boolean isNewest(PacketRecord record) {
        if (shard == null) {
            return false;
        }
        long millis = Math.floorDiv(record.getTimestampNanos(), NANOS_PER_MILLI);
        if (millis <= newestMillis) {
            return false;
        }
        newestMillis = millis;
        return true;
    }

    /** Offset of the next frame to read; frames before it that were not emitted belong to other shards. */
    long position() {
        return capture == null ? CheckpointedPosition.NO_OFFSET : capture.position();
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }
}
