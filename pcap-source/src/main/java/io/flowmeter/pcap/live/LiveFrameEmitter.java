package io.flowmeter.pcap.live;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/** Decodes captured frames into packet records, reusing one record: each is emitted before the next is decoded. */
final class LiveFrameEmitter implements RecordEmitter<LiveFrame, PacketRecord, InterfaceSplit> {

    private final PacketDecoder decoder;
    private final CapturedFrame scratch = new CapturedFrame();
    private final PacketRecord record = new PacketRecord();

    LiveFrameEmitter(boolean keepFrames) {
        decoder = new PacketDecoder().keepingFrames(keepFrames);
    }

    @Override
    public void emitRecord(LiveFrame frame, SourceOutput<PacketRecord> output, InterfaceSplit split) {
        scratch.set(frame.data, 0, frame.data.length, frame.originalLength, frame.timestampNanos, frame.linkType,
                true);
        output.collect(decoder.decode(scratch, record));
    }
}
