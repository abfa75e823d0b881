package io.flowmeter.pcap.pipe;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

import java.util.Map;

/** Reads standard input in the source's fetcher thread (which may block on the pipe); the task thread emits. */
final class PipeReader extends SingleThreadMultiplexSourceReaderBase<PacketRecord, PacketRecord, PipeSplit, PipeSplit> {

    PipeReader(SourceReaderContext context, boolean keepFrames) {
        super(() -> new PipeSplitReader(System.in, keepFrames), (record, output, split) -> output.collect(record),
                context.getConfiguration(), context);
    }

    @Override
    public void start() {
        // The enumerator assigns standard input as this reader registers.
    }

    @Override
    protected void onSplitFinished(Map<String, PipeSplit> finishedSplitIds) {
        // The one split ends with the stream; the reader then ends, having been told no other split comes.
    }

    @Override
    protected PipeSplit initializedState(PipeSplit split) {
        return split;
    }

    @Override
    protected PipeSplit toSplitType(String splitId, PipeSplit state) {
        return state;
    }
}
