package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CaptureFormatException;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.Pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Reads one capture file in batches of decoded packets. The file's last record is a marker: {@code FILE_DONE},
 * or {@code FILE_CORRUPT} with the path, offset and reason of the defect that ended it. A defect never fails the
 * job; an I/O failure of the file system does, so that Flink restarts from the last checkpoint.
 */
final class CaptureBatchReader implements BulkFormat.Reader<PacketRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureBatchReader.class);
    private static final int POOL_SIZE = 2;

    private final String file;
    private final long fileSize;
    @Nullable private final InputStream stream;
    private final PacketDecoder decoder = new PacketDecoder();
    private final CapturedFrame frame = new CapturedFrame();
    private final Pool<PacketBatch> pool = new Pool<>(POOL_SIZE);
    @Nullable private CaptureFileReader capture;
    @Nullable private String pendingError;
    private boolean finished;

    private CaptureBatchReader(String file, long fileSize, @Nullable InputStream stream) {
        this.file = file;
        this.fileSize = fileSize;
        this.stream = stream;
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(new PacketBatch(pool.recycler()));
        }
    }

    /** Opens the split's file; resumes at {@code position} when restoring from a checkpoint. */
    static CaptureBatchReader open(FileSourceSplit split, @Nullable CheckpointedPosition position)
            throws IOException {
        String file = CaptureStreams.displayName(split.path());
        InputStream stream;
        try {
            stream = CaptureStreams.open(split.path());
        } catch (EOFException | ZipException e) {
            return failed(file, split, "gzip header is cut short or invalid: " + e.getMessage());
        } catch (FileNotFoundException e) {
            // Deleted since it was listed, or not readable (LocalFileSystem reports both this way).
            return failed(file, split, "cannot open: " + e.getMessage());
        }
        CaptureBatchReader reader = new CaptureBatchReader(file, split.fileSize(), stream);
        try {
            reader.start(position);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    private static CaptureBatchReader failed(String file, FileSourceSplit split, String reason) {
        CaptureBatchReader reader = new CaptureBatchReader(file, split.fileSize(), null);
        reader.pendingError = file + " at byte offset 0: " + reason;
        return reader;
    }

    private void start(@Nullable CheckpointedPosition position) throws IOException {
        try {
            capture = CaptureFiles.open(file, stream);
            if (position == null || position.getOffset() == CheckpointedPosition.NO_OFFSET) {
                return;
            }
            capture.seek(position.getOffset());
            for (long i = 0; i < position.getRecordsAfterOffset(); i++) {
                if (!capture.next(frame)) {
                    // The end-of-file marker was among the records already emitted.
                    finished = true;
                    return;
                }
            }
        } catch (CaptureFormatException | EOFException | ZipException e) {
            if (position != null && position.getOffset() != CheckpointedPosition.NO_OFFSET) {
                // The defect was reached, and reported, before the checkpoint.
                finished = true;
            } else {
                pendingError = describe(e);
            }
        }
    }

    @Nullable
    @Override
    public BulkFormat.RecordIterator<PacketRecord> readBatch() throws IOException {
        if (finished) {
            return null;
        }
        PacketBatch batch;
        try {
            batch = pool.pollEntry();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a free packet batch", e);
        }
        long offset = capture == null ? CheckpointedPosition.NO_OFFSET : capture.position();
        int size = 0;
        PacketRecord[] records = batch.records;
        try {
            if (pendingError == null) {
                while (size < PacketBatch.CAPACITY && capture.next(frame)) {
                    decoder.decode(frame, records[size++]);
                }
            }
            if (size < PacketBatch.CAPACITY) {
                if (pendingError != null) {
                    reportCorrupt(records[size++], pendingError);
                } else {
                    records[size++].markFileDone(file, fileSize);
                }
                finished = true;
            }
        } catch (CaptureFormatException | EOFException | ZipException e) {
            // Only capture.next() throws, and only while the batch has room.
            reportCorrupt(records[size++], describe(e));
            finished = true;
        }
        return batch.start(size, offset, 0);
    }

    private void reportCorrupt(PacketRecord record, String error) {
        LOG.warn("Corrupt capture: {}", error);
        record.markFileCorrupt(file, error, fileSize);
    }

    private String describe(IOException e) {
        if (e instanceof CaptureFormatException) {
            return e.getMessage();
        }
        long offset = capture == null ? 0 : capture.position();
        String reason = e instanceof EOFException ? "compressed stream ends early (truncated gzip)"
                : "invalid compressed data: " + e.getMessage();
        return file + " at byte offset " + offset + " of the uncompressed capture: " + reason;
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }
}
