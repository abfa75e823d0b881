package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entry point for reading capture archives: a Flink {@link FileSource} of {@link PacketRecord}s over files
 * and directories (read recursively, capture files only; see {@link CaptureFileFilter}), handed out in path
 * order, with checkpointed reader positions.
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
        Set<String> explicit = new HashSet<>();
        explicitFiles.forEach(p -> explicit.add(p.toString()));
        CaptureFileFilter filter = new CaptureFileFilter(explicit);
        return FileSource.forBulkFileFormat(new CaptureFileFormat(), inputs.toArray(new Path[0]))
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(filter))
                .setSplitAssigner(PathOrderSplitAssigner::new)
                .build();
    }
}
