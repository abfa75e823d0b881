package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.io.InputStatus;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads its subtask's capture shards in the task thread itself, one file after another, and emits one reused
 * record at a time. With no fetcher thread beside it, parallelism 1 keeps one core busy and parallelism n keeps n.
 * Between two records, the position in the file is exact: every frame before it was either emitted or belongs
 * to another shard, so a checkpoint is the split and its offset.
 */
final class ShardedCaptureReader implements SourceReader<PacketRecord, FileSourceSplit> {

    /** Records per call, so that checkpoints and timers get the task thread between bursts. */
    private static final int BURST = 4096;

    private final SourceReaderContext context;
    private final PacketOwnership ownership;
    private final ArrayDeque<FileSourceSplit> pending = new ArrayDeque<>();
    private final PacketRecord record = new PacketRecord();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    @Nullable private FileSourceSplit currentSplit;
    @Nullable private CaptureRecords current;
    private boolean requested;
    private boolean noMoreSplits;

    ShardedCaptureReader(SourceReaderContext context, PacketOwnership ownership) {
        this.context = context;
        this.ownership = ownership;
    }

    @Override
    public void start() {
        requestSplit();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<PacketRecord> output) throws Exception {
        if (current == null && !openNext()) {
            if (noMoreSplits && pending.isEmpty()) {
                return InputStatus.END_OF_INPUT;
            }
            requestSplit();
            return InputStatus.NOTHING_AVAILABLE;
        }
        for (int i = 0; i < BURST; i++) {
            if (!current.next(record)) {
                current.close();
                current = null;
                currentSplit = null;
                return InputStatus.MORE_AVAILABLE;
            }
            output.collect(record);
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private boolean openNext() throws IOException {
        FileSourceSplit split = pending.poll();
        if (split == null) {
            return false;
        }
        long offset = split.getReaderPosition().map(CheckpointedPosition::getOffset)
                .orElse(CheckpointedPosition.NO_OFFSET);
        current = CaptureRecords.open(split, offset, ownership);
        currentSplit = split;
        return true;
    }

    private void requestSplit() {
        if (!requested && !noMoreSplits) {
            requested = true;
            context.sendSplitRequest();
        }
    }

    @Override
    public List<FileSourceSplit> snapshotState(long checkpointId) {
        List<FileSourceSplit> state = new ArrayList<>();
        if (current != null) {
            state.add(currentSplit.updateWithCheckpointedPosition(new CheckpointedPosition(current.position(), 0)));
        }
        state.addAll(pending);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<FileSourceSplit> splits) {
        pending.addAll(splits);
        requested = false;
        signalAvailable();
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        signalAvailable();
    }

    private void signalAvailable() {
        CompletableFuture<Void> waiting = available;
        available = new CompletableFuture<>();
        waiting.complete(null);
    }

    @Override
    public void close() throws Exception {
        if (current != null) {
            current.close();
        }
    }
}
