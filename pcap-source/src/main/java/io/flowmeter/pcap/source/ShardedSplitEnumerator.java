package io.flowmeter.pcap.source;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;

import javax.annotation.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hands every subtask its own shard of every capture file, in the order of their first frame's time. */
final class ShardedSplitEnumerator implements SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> {

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final Map<Integer, ArrayDeque<FileSourceSplit>> bySubtask = new HashMap<>();

    ShardedSplitEnumerator(SplitEnumeratorContext<FileSourceSplit> context, Collection<FileSourceSplit> splits) {
        this.context = context;
        List<FileSourceSplit> ordered = new ArrayList<>(splits);
        ordered.sort(new CaptureTimeOrder().splits());
        ordered.forEach(this::add);
    }

    private void add(FileSourceSplit split) {
        bySubtask.computeIfAbsent(CaptureShard.of(split).index, k -> new ArrayDeque<>()).add(split);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtask, @Nullable String hostname) {
        if (!context.registeredReaders().containsKey(subtask)) {
            return;
        }
        ArrayDeque<FileSourceSplit> queue = bySubtask.get(subtask);
        FileSourceSplit next = queue == null ? null : queue.poll();
        if (next == null) {
            context.signalNoMoreSplits(subtask);
        } else {
            context.assignSplit(next, subtask);
        }
    }

    @Override
    public void addSplitsBack(List<FileSourceSplit> splits, int subtaskId) {
        for (int i = splits.size() - 1; i >= 0; i--) {
            bySubtask.computeIfAbsent(CaptureShard.of(splits.get(i)).index, k -> new ArrayDeque<>())
                    .addFirst(splits.get(i));
        }
    }

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public PendingSplitsCheckpoint<FileSourceSplit> snapshotState(long checkpointId) {
        List<FileSourceSplit> remaining = new ArrayList<>();
        bySubtask.values().forEach(remaining::addAll);
        return PendingSplitsCheckpoint.fromCollectionSnapshot(remaining);
    }

    @Override
    public void close() {}
}
