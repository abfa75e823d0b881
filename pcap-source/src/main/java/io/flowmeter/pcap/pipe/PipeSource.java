package io.flowmeter.pcap.pipe;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.packet.PacketRecordTypeInfo;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A pcap or pcapng stream on this process's standard input as a Flink source ({@code tcpdump -i eth0 -w - |
 * bin/flowmeter --input -}): one split, read by one subtask, from the first byte until the pipe closes, with event
 * time from the packets. Unbounded (the job runs in streaming mode and writes flows as they end), and finished when
 * the stream ends; the end, or a corrupt record, is the same marker a capture file's end is.
 *
 * <p>Standard input exists only in the process that started the job, so the job must run there (bin/flowmeter's
 * local execution). A pipe cannot be read twice: after a restart the reader goes on from wherever the pipe is, and
 * what was in flight is gone; checkpoints keep the flows' state, not the stream.
 */
public final class PipeSource
        implements Source<PacketRecord, PipeSplit, Boolean>, ResultTypeQueryable<PacketRecord> {

    private static final long serialVersionUID = 1L;

    /** The name of the input in summaries and error messages. */
    public static final String NAME = "standard input";

    private final boolean keepFrames;

    /** A source of packets that hold only their headers, as the flow job needs. */
    public PipeSource() {
        this(false);
    }

    /** A source whose IP packets also hold their frames' bytes when {@code keepFrames} (for forwarding). */
    public PipeSource(boolean keepFrames) {
        this.keepFrames = keepFrames;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<PacketRecord, PipeSplit> createReader(SourceReaderContext context) {
        return new PipeReader(context, keepFrames);
    }

    @Override
    public SplitEnumerator<PipeSplit, Boolean> createEnumerator(SplitEnumeratorContext<PipeSplit> context) {
        return new PipeEnumerator(context, false);
    }

    @Override
    public SplitEnumerator<PipeSplit, Boolean> restoreEnumerator(SplitEnumeratorContext<PipeSplit> context,
            Boolean assigned) {
        return new PipeEnumerator(context, assigned);
    }

    @Override
    public SimpleVersionedSerializer<PipeSplit> getSplitSerializer() {
        return PipeSplit.SERIALIZER;
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return PipeEnumerator.STATE_SERIALIZER;
    }

    @Override
    public TypeInformation<PacketRecord> getProducedType() {
        return PacketRecordTypeInfo.INSTANCE;
    }
}
