package io.flowmeter.jobs;

import io.flowmeter.flow.JobCounters;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts what the packet source produced (packets and their bytes on the wire, by kind; files done and corrupt,
 * bytes of finished files, the error of each corrupt file) into Flink accumulators and, but for the errors, into
 * metrics of the same names ({@link JobCounters}); passes on only the IP packets that make flows.
 */
public final class CaptureAccounting extends ProcessFunction<PacketRecord, PacketRecord> {

    private static final long serialVersionUID = 1L;

    public static final String PACKETS = "packets";
    /** Bytes on the wire of all packets read (the frames' original lengths). */
    public static final String PACKET_BYTES = "packetBytes";
    public static final String NON_IP_PACKETS = "nonIpPackets";
    public static final String MALFORMED_PACKETS = "malformedPackets";
    public static final String FILES_DONE = "filesDone";
    public static final String FILES_CORRUPT = "filesCorrupt";
    public static final String FILE_BYTES_DONE = "fileBytesDone";
    public static final String CORRUPT_FILE_ERRORS = "corruptFileErrors";
    /** Wall-clock milliseconds when the first record reached any subtask: the start of the processing window. */
    public static final String PROCESSING_START_MILLIS = "processingStartMillis";

    private transient LongCounter packets;
    private transient LongCounter packetBytes;
    private transient LongCounter nonIpPackets;
    private transient LongCounter malformedPackets;
    private transient LongCounter filesDone;
    private transient LongCounter filesCorrupt;
    private transient LongCounter fileBytesDone;
    private transient ListAccumulator<String> corruptFileErrors;
    private transient LongMinimum processingStart;
    private transient boolean started;

    @Override
    public void open(Configuration parameters) {
        packets = JobCounters.counter(getRuntimeContext(), PACKETS);
        packetBytes = JobCounters.counter(getRuntimeContext(), PACKET_BYTES);
        nonIpPackets = JobCounters.counter(getRuntimeContext(), NON_IP_PACKETS);
        malformedPackets = JobCounters.counter(getRuntimeContext(), MALFORMED_PACKETS);
        filesDone = JobCounters.counter(getRuntimeContext(), FILES_DONE);
        filesCorrupt = JobCounters.counter(getRuntimeContext(), FILES_CORRUPT);
        fileBytesDone = JobCounters.counter(getRuntimeContext(), FILE_BYTES_DONE);
        corruptFileErrors = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(CORRUPT_FILE_ERRORS, corruptFileErrors);
        processingStart = new LongMinimum();
        getRuntimeContext().addAccumulator(PROCESSING_START_MILLIS, processingStart);
    }

    @Override
    public void processElement(PacketRecord record, Context ctx, Collector<PacketRecord> out) {
        if (!started) {
            started = true;
            processingStart.add(System.currentTimeMillis());
        }
        switch (record.getKind()) {
            case IP:
                countPacket(record);
                out.collect(record);
                return;
            case NON_IP:
                countPacket(record);
                nonIpPackets.add(1);
                return;
            case MALFORMED:
                countPacket(record);
                malformedPackets.add(1);
                return;
            case FILE_CORRUPT:
                filesCorrupt.add(1);
                corruptFileErrors.add(record.getError());
                fileBytesDone.add(record.getFileBytes());
                return;
            case FILE_DONE:
                filesDone.add(1);
                fileBytesDone.add(record.getFileBytes());
                return;
            case TIME:
                return; // event time only: its frame is counted by the shard that keeps it
            default:
                throw new IllegalStateException("unknown packet kind " + record.getKind());
        }
    }

    private void countPacket(PacketRecord packet) {
        packets.add(1);
        packetBytes.add(packet.getWireLength());
    }
}
