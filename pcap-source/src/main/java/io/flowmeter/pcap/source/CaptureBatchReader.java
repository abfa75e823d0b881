package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.Pool;

import javax.annotation.Nullable;

import java.io.IOException;

/**
 * {@link CaptureRecords} in pooled batches, as Flink's {@code FileSource} reads them. A position is a record
 * boundary plus how many records were emitted after it, so a restored reader skips exactly those.
 */
final class CaptureBatchReader implements BulkFormat.Reader<PacketRecord> {

    private static final int POOL_SIZE = 4;

    private final CaptureRecords records;
    private final Pool<PacketBatch> pool = new Pool<>(POOL_SIZE);
    private boolean finished;

    private CaptureBatchReader(CaptureRecords records) {
        this.records = records;
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(new PacketBatch(pool.recycler()));
        }
    }

    /** Opens the split's file; resumes at {@code position} when restoring from a checkpoint. */
    static CaptureBatchReader open(FileSourceSplit split, @Nullable CheckpointedPosition position,
            @Nullable PacketOwnership ownership, boolean keepFrames) throws IOException {
        long offset = position == null ? CheckpointedPosition.NO_OFFSET : position.getOffset();
        CaptureBatchReader reader = new CaptureBatchReader(
                CaptureRecords.open(split, offset, ownership).keepingFrames(keepFrames));
        if (position != null && offset != CheckpointedPosition.NO_OFFSET) {
            PacketRecord skipped = new PacketRecord();
            for (long i = 0; i < position.getRecordsAfterOffset(); i++) {
                if (!reader.records.next(skipped)) {
                    reader.finished = true;
                    break;
                }
            }
        }
        return reader;
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
        long offset = records.position();
        int size = 0;
        while (size < PacketBatch.CAPACITY && records.next(batch.records[size])) {
            size++;
        }
        if (size < PacketBatch.CAPACITY) {
            finished = true;
        }
        if (size == 0) {
            batch.releaseBatch();
            return null;
        }
        return batch.start(size, offset, 0);
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
