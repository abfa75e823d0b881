package io.flowmeter.pcap.pipe;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CaptureFormatException;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes the capture on a stream, a batch per fetch: as many frames as the pipe holds without waiting (at most
 * {@link #MAX_FRAMES_PER_FETCH}), so a quiet live pipe hands each packet on as it comes and a busy one in batches.
 * At the end of the stream, or at a defect, the marker record of a capture's end closes the split, and the flows
 * read so far end as at the end of a file. Each packet is a new record: it crosses from the fetcher thread to the
 * task thread.
 */
final class PipeSplitReader implements SplitReader<PacketRecord, PipeSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(PipeSplitReader.class);
    private static final int MAX_FRAMES_PER_FETCH = 4096;

    private final InputStream raw;
    private final PacketDecoder decoder;
    private final CapturedFrame frame = new CapturedFrame();
    private PipeSplit split;
    private BufferedInputStream buffered;
    private CaptureFileReader capture;
    private boolean done;

    PipeSplitReader(InputStream raw, boolean keepFrames) {
        this.raw = raw;
        this.decoder = new PacketDecoder().keepingFrames(keepFrames);
    }

    @Override
    public RecordsWithSplitIds<PacketRecord> fetch() throws IOException {
        RecordsBySplits.Builder<PacketRecord> records = new RecordsBySplits.Builder<>();
        if (split == null || done) {
            return records.build();
        }
        String id = split.splitId();
        PacketRecord end = null;
        try {
            if (capture == null) {
                buffered = new BufferedInputStream(raw, 1 << 16);
                capture = CaptureFiles.open(PipeSource.NAME, CaptureFiles.decompressed(PipeSource.NAME, buffered));
            }
            for (int i = 0; i < MAX_FRAMES_PER_FETCH; i++) {
                if (!capture.next(frame)) {
                    end = new PacketRecord().markFileDone(PipeSource.NAME, capture.position());
                    break;
                }
                records.add(id, decoder.decode(frame, new PacketRecord()));
                if (capture.bufferedBytes() == 0 && buffered.available() == 0) {
                    // The next frame would wait for the pipe: hand these on first. (The reader takes what the pipe
                    // holds at once, so the pipe itself is mostly empty while many frames are still at hand.)
                    break;
                }
            }
        } catch (CaptureFormatException e) {
            LOG.warn("Corrupt capture: {}", e.getMessage());
            end = new PacketRecord().markFileCorrupt(PipeSource.NAME, e.getMessage(),
                    capture == null ? 0 : capture.position());
        }
        if (end != null) {
            records.add(id, end);
            records.addFinishedSplit(id);
            done = true;
        }
        return records.build();
    }

    @Override
    public void handleSplitsChanges(SplitsChange<PipeSplit> change) {
        for (PipeSplit added : change.splits()) {
            split = added;
        }
    }

    @Override
    public void wakeUp() {
        // A read blocked on the pipe returns with the next bytes or the pipe's end; nothing can hurry it.
    }

    @Override
    public void close() {
        // Standard input belongs to the process; the job does not close it.
    }
}
