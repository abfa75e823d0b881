package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts what the capture source produced (packets by kind, files done and corrupt, bytes of finished files,
 * the error of each corrupt file) into Flink accumulators, and passes on only the IP packets that make flows.
 */
public final class CaptureAccounting extends ProcessFunction<PacketRecord, PacketRecord> {

    private static final long serialVersionUID = 1L;

    public static final String PACKETS = "packets";
    public static final String NON_IP_PACKETS = "nonIpPackets";
    public static final String MALFORMED_PACKETS = "malformedPackets";
    public static final String FILES_DONE = "filesDone";
    public static final String FILES_CORRUPT = "filesCorrupt";
    public static final String FILE_BYTES_DONE = "fileBytesDone";
    public static final String CORRUPT_FILE_ERRORS = "corruptFileErrors";
    /** Wall-clock milliseconds when the first record reached any subtask: the start of the processing window. */
    public static final String PROCESSING_START_MILLIS = "processingStartMillis";

    private transient LongCounter packets;
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
        packets = counter(PACKETS);
        nonIpPackets = counter(NON_IP_PACKETS);
        malformedPackets = counter(MALFORMED_PACKETS);
        filesDone = counter(FILES_DONE);
        filesCorrupt = counter(FILES_CORRUPT);
        fileBytesDone = counter(FILE_BYTES_DONE);
        corruptFileErrors = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(CORRUPT_FILE_ERRORS, corruptFileErrors);
        processingStart = new LongMinimum();
        getRuntimeContext().addAccumulator(PROCESSING_START_MILLIS, processingStart);
    }

    private LongCounter counter(String name) {
        LongCounter counter = new LongCounter();
        getRuntimeContext().addAccumulator(name, counter);
        return counter;
    }

    @Override
    public void processElement(PacketRecord record, Context ctx, Collector<PacketRecord> out) {
        if (!started) {
            started = true;
            processingStart.add(System.currentTimeMillis());
        }
        switch (record.getKind()) {
            case IP:
                packets.add(1);
                out.collect(record);
                return;
            case NON_IP:
                packets.add(1);
                nonIpPackets.add(1);
                return;
            case MALFORMED:
                packets.add(1);
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
            default:
                throw new IllegalStateException("unknown packet kind " + record.getKind());
        }
    }
}
