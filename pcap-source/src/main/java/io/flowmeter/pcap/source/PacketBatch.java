package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.Pool;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * A fixed array of reused packet records that one read fills and the source then emits one by one. Batches
 * circulate through a small pool, so reading allocates no record per packet.
 *
 * <p>The position of record i is the batch's start offset plus i + 1 records to skip: where reading resumes once
 * that record is emitted.
 */
final class PacketBatch implements BulkFormat.RecordIterator<PacketRecord> {

    static final int CAPACITY = 8192;

    final PacketRecord[] records = new PacketRecord[CAPACITY];
    private final MutableRecordAndPosition<PacketRecord> current = new MutableRecordAndPosition<>();
    private final Pool.Recycler<PacketBatch> recycler;
    private int size;
    private int next;

    PacketBatch(Pool.Recycler<PacketBatch> recycler) {
        this.recycler = recycler;
        for (int i = 0; i < CAPACITY; i++) {
            records[i] = new PacketRecord();
        }
    }

    /** Readies the batch for iteration over its first {@code size} records. */
    PacketBatch start(int size, long offset, long recordsToSkip) {
        this.size = size;
        this.next = 0;
        current.setPosition(offset, recordsToSkip);
        return this;
    }

    @Override
    public RecordAndPosition<PacketRecord> next() {
        if (next >= size) {
            return null;
        }
        current.setNext(records[next++]);
        return current;
    }

    @Override
    public void releaseBatch() {
        recycler.recycle(this);
    }
}
