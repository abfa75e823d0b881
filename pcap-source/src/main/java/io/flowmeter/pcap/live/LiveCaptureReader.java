package io.flowmeter.pcap.live;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

import java.util.Map;

/** A subtask's live capture: one fetcher thread captures on its interfaces, the task thread decodes. */
final class LiveCaptureReader
        extends SingleThreadMultiplexSourceReaderBase<LiveFrame, PacketRecord, InterfaceSplit, InterfaceSplit> {

    LiveCaptureReader(LiveCaptureSettings settings, SourceReaderContext context) {
        super(() -> new InterfaceSplitReader(settings, context.metricGroup()), new LiveFrameEmitter(settings.keepsFrames()),
                context.getConfiguration(), context);
    }

    @Override
    public void start() {
        // Interfaces are pushed by the enumerator as this reader registers; nothing to ask for.
    }

    @Override
    protected void onSplitFinished(Map<String, InterfaceSplit> finishedSplitIds) {
        // Only a bounded capture finishes interfaces; the reader ends once all of its own are.
    }

    @Override
    protected InterfaceSplit initializedState(InterfaceSplit split) {
        return split;
    }

    @Override
    protected InterfaceSplit toSplitType(String splitId, InterfaceSplit state) {
        return state;
    }
}
