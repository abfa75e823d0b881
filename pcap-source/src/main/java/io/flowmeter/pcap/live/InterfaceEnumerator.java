package io.flowmeter.pcap.live;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Hands each interface to one reader, interface {@code i} to subtask {@code i mod parallelism}, as readers
 * register; an interface whose reader failed goes back to the pending list and to that subtask once it returns.
 */
final class InterfaceEnumerator implements SplitEnumerator<InterfaceSplit, List<InterfaceSplit>> {

    private final SplitEnumeratorContext<InterfaceSplit> context;
    private final List<String> allInterfaces;
    private final List<InterfaceSplit> pending;

    InterfaceEnumerator(SplitEnumeratorContext<InterfaceSplit> context, List<String> allInterfaces,
            List<InterfaceSplit> pending) {
        this.context = context;
        this.allInterfaces = allInterfaces;
        this.pending = new ArrayList<>(pending);
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
    }

    private int owner(InterfaceSplit split) {
        return Math.max(0, allInterfaces.indexOf(split.interfaceName())) % context.currentParallelism();
    }

    @Override
    public List<InterfaceSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {}
}
