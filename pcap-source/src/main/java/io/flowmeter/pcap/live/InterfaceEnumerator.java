package io.flowmeter.pcap.live;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Hands each interface to one reader, interface {@code i} to subtask {@code i mod parallelism}, and a rule's split to
 * the subtask it names, as readers register; an interface whose reader failed goes back to the pending list and to
 * that subtask once it returns.
 * When capture is bounded, a reader is told that no more interfaces come once it has its own.
 */
final class InterfaceEnumerator implements SplitEnumerator<InterfaceSplit, List<InterfaceSplit>> {

    private final SplitEnumeratorContext<InterfaceSplit> context;
    private final List<String> allInterfaces;
    private final List<InterfaceSplit> pending;
    private final boolean bounded;

    InterfaceEnumerator(SplitEnumeratorContext<InterfaceSplit> context, List<String> allInterfaces,
            List<InterfaceSplit> pending, boolean bounded) {
        this.context = context;
        this.allInterfaces = allInterfaces;
        this.pending = new ArrayList<>(pending);
        this.bounded = bounded;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<InterfaceSplit> splits, int subtaskId) {
        pending.addAll(splits);
        if (context.registeredReaders().containsKey(subtaskId)) {
            addReader(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        Iterator<InterfaceSplit> it = pending.iterator();
        while (it.hasNext()) {
            InterfaceSplit split = it.next();
            if (owner(split) == subtaskId) {
                context.assignSplit(split, subtaskId);
                it.remove();
            }
        }
        if (bounded) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    private int owner(InterfaceSplit split) {
        int position = split.subtask() != InterfaceSplit.ANY_SUBTASK ? split.subtask()
                : Math.max(0, allInterfaces.indexOf(split.interfaceName()));
        return position % context.currentParallelism();
    }

    @Override
    public List<InterfaceSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {}
}
