package io.flowmeter.pcap.pipe;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;
import java.util.List;

/**
 * Gives standard input to the first reader that registers, and tells every reader that no other split comes. Its
 * state is whether the split is out; a split given back by a failed reader goes to the next reader that registers.
 */
final class PipeEnumerator implements SplitEnumerator<PipeSplit, Boolean> {

    /** Version 1: one byte, 1 when the split has been assigned. */
    static final SimpleVersionedSerializer<Boolean> STATE_SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Boolean assigned) {
            return new byte[] {(byte) (assigned ? 1 : 0)};
        }

        @Override
        public Boolean deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 || serialized.length != 1) {
                throw new IOException("pipe enumerator state of version " + version + " (" + serialized.length
                        + " bytes), not version 1");
            }
            return serialized[0] == 1;
        }
    };

    private final SplitEnumeratorContext<PipeSplit> context;
    private boolean assigned;

    PipeEnumerator(SplitEnumeratorContext<PipeSplit> context, boolean assigned) {
        this.context = context;
        this.assigned = assigned;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<PipeSplit> splits, int subtaskId) {
        assigned = false;
        for (int reader : context.registeredReaders().keySet()) {
            addReader(reader);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (!assigned) {
            context.assignSplit(PipeSplit.STDIN, subtaskId);
            assigned = true;
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public Boolean snapshotState(long checkpointId) {
        return assigned;
    }

    @Override
    public void close() {}
}
