package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entry points for reading capture archives over files and directories (read recursively, capture files
 * only; see {@link CaptureDiscovery}), in the order of their first frame's time, with checkpointed reader positions: a Flink
 * {@link FileSource} that reads each file once, or a {@link ShardedCaptureSource} in which each subtask reads
 * every file for its own flows.
 */
public final class CaptureFileSource {

    private CaptureFileSource() {}

    /**
     * A bounded source over {@code inputs}.
     *
     * @param inputs capture files and directories
     * @param explicitFiles those of the inputs that are files, read whatever their names
     */
    public static FileSource<PacketRecord> forInputs(List<Path> inputs, Set<Path> explicitFiles) {
        return fileSource(inputs, discovery(inputs, explicitFiles, 0), false).build();
    }

    /**
     * An unbounded source that keeps scanning {@code inputs} every {@code interval} and reads each new capture
     * once, when it has not changed for {@code settle} (see {@link CaptureDiscovery}); its IP packets hold their
     * frames' bytes when {@code keepFrames} (for forwarding).
     */
    public static FileSource<PacketRecord> watching(List<Path> inputs, Set<Path> explicitFiles, Duration interval,
            Duration settle, boolean keepFrames) {
        return fileSource(inputs, discovery(inputs, explicitFiles, settle.toMillis()), keepFrames)
                .monitorContinuously(interval).build();
    }

    /**
     * A bounded source in which every subtask reads every capture and keeps the packets {@code ownership} gives
     * it: flows then need no shuffle (see {@link ShardedCaptureSource}).
     */
    public static ShardedCaptureSource sharded(List<Path> inputs, Set<Path> explicitFiles, PacketOwnership ownership) {
        return new ShardedCaptureSource(inputs.toArray(new Path[0]), discovery(inputs, explicitFiles, 0), ownership);
    }

    /** Captures of {@code inputs} passed by {@code discovery}, each read whole by one reader, in the order of their first frame's time. */
    private static FileSource.FileSourceBuilder<PacketRecord> fileSource(List<Path> inputs, CaptureDiscovery discovery,
            boolean keepFrames) {
        return FileSource.forBulkFileFormat(new CaptureFileFormat(keepFrames), inputs.toArray(new Path[0]))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(discovery))
                .setSplitAssigner(TimeOrderSplitAssigner::new);
    }

    /** Every input as given is read: the files whatever their names, the directories whatever theirs. */
    private static CaptureDiscovery discovery(List<Path> inputs, Set<Path> explicitFiles, long settleMillis) {
        Set<String> named = new HashSet<>();
        inputs.forEach(p -> named.add(p.toString()));
        explicitFiles.forEach(p -> named.add(p.toString()));
        return new CaptureDiscovery(named, settleMillis);
    }
}
