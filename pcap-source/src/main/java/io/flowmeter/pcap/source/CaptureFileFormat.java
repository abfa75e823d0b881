package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.packet.PacketRecordTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;

import java.io.IOException;

/**
 * The pcap/pcapng format for Flink's {@code FileSource}: each file is one split, read by {@link
 * CaptureBatchReader}. Its checkpointed position is a record boundary plus a count of records to skip, so a
 * restored reader resumes mid-file without emitting a packet twice.
 */
public final class CaptureFileFormat implements BulkFormat<PacketRecord, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    private final boolean keepFrames;

    /** A format whose packets hold only their headers, as the flow job needs. */
    public CaptureFileFormat() {
        this(false);
    }

    /** A format whose IP packets also hold their frames' bytes when {@code keepFrames} (for forwarding). */
    public CaptureFileFormat(boolean keepFrames) {
        this.keepFrames = keepFrames;
    }

    @Override
    public Reader<PacketRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return CaptureBatchReader.open(split, null, null, keepFrames);
    }

    @Override
    public Reader<PacketRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return CaptureBatchReader.open(split, split.getReaderPosition().orElse(null), null, keepFrames);
    }

    /** Captures are read front to back: pcapng interfaces and gzip streams cannot be entered mid-file. */
    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<PacketRecord> getProducedType() {
        return PacketRecordTypeInfo.INSTANCE;
    }
}
