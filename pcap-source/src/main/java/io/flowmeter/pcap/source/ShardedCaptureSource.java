package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.packet.PacketRecordTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.FlinkRuntimeException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A capture source in which every subtask reads every capture file and keeps the packets {@link PacketOwnership}
 * gives it. Reading and decoding cost a few tens of nanoseconds a packet, far less than moving the packet to
 * another task, so on a few cores this is the fastest layout: flows are assembled in the reading thread, with no
 * serialization. Its cost is that each file is read once per subtask, so on many subtasks with disks as the limit,
 * the shuffling {@link CaptureFileSource} suits better. A job restored from a checkpoint must keep its parallelism.
 */
public final class ShardedCaptureSource
        implements Source<PacketRecord, FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>,
                ResultTypeQueryable<PacketRecord> {

    private static final long serialVersionUID = 1L;

    private final Path[] inputs;
    private final CaptureDiscovery filter;
    private final PacketOwnership ownership;

    ShardedCaptureSource(Path[] inputs, CaptureDiscovery filter, PacketOwnership ownership) {
        this.inputs = inputs;
        this.filter = filter;
        this.ownership = ownership;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<PacketRecord, FileSourceSplit> createReader(SourceReaderContext readerContext) {
        return new ShardedCaptureReader(readerContext, ownership);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> createEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context) {
        Collection<FileSourceSplit> files;
        try {
            files = new NonSplittingRecursiveEnumerator(filter).enumerateSplits(inputs, 1);
        } catch (IOException e) {
            throw new FlinkRuntimeException("could not list the capture files", e);
        }
        int shards = context.currentParallelism();
        List<FileSourceSplit> splits = new ArrayList<>();
        for (FileSourceSplit file : files) {
            for (int shard = 0; shard < shards; shard++) {
                splits.add(CaptureShard.split(file, shard, shards));
            }
        }
        return new ShardedSplitEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> restoreEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context, PendingSplitsCheckpoint<FileSourceSplit> checkpoint) {
        for (FileSourceSplit split : checkpoint.getSplits()) {
            if (CaptureShard.of(split).count != context.currentParallelism()) {
                throw new FlinkRuntimeException("this capture job was checkpointed with parallelism "
                        + CaptureShard.of(split).count + "; resume it with the same parallelism (now "
                        + context.currentParallelism() + ")");
            }
        }
        return new ShardedSplitEnumerator(context, checkpoint.getSplits());
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return FileSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PendingSplitsCheckpoint<FileSourceSplit>> getEnumeratorCheckpointSerializer() {
        return new PendingSplitsCheckpointSerializer<>(FileSourceSplitSerializer.INSTANCE);
    }

    @Override
    public TypeInformation<PacketRecord> getProducedType() {
        return PacketRecordTypeInfo.INSTANCE;
    }
}
