package io.flowmeter.job.cli;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowAssembler;
import io.flowmeter.jobs.CaptureAccounting;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The job's accumulators, read by name: what progress lines and the final summary report. */
final class RunStatistics {

    private final Map<String, Object> accumulators;

    RunStatistics(Map<String, Object> accumulators) {
        this.accumulators = accumulators == null ? Collections.emptyMap() : accumulators;
    }

    long count(String name) {
        Object value = accumulators.get(name);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    double decimal(String name) {
        Object value = accumulators.get(name);
        return value instanceof Number ? ((Number) value).doubleValue() : 0;
    }

    long packets() { return count(CaptureAccounting.PACKETS); }
    long nonIpPackets() { return count(CaptureAccounting.NON_IP_PACKETS); }
    long malformedPackets() { return count(CaptureAccounting.MALFORMED_PACKETS); }
    long filesCorrupt() { return count(CaptureAccounting.FILES_CORRUPT); }
    long filesRead() { return count(CaptureAccounting.FILES_DONE) + filesCorrupt(); }
    long fileBytesDone() { return count(CaptureAccounting.FILE_BYTES_DONE); }
    long flows() { return count(FlowAssembler.FLOWS); }

    /** Seconds from the first packet read to the last flow emitted; 0 when the job processed nothing. */
    double processingSeconds() {
        long start = count(CaptureAccounting.PROCESSING_START_MILLIS);
        long end = count(FlowAssembler.PROCESSING_END_MILLIS);
        return start > 0 && end >= start ? (end - start) / 1000.0 : 0;
    }
    long flowsBelowMinPackets() { return count(FlowAssembler.FLOWS_BELOW_MIN_PACKETS); }

    long flows(EndReason reason) {
        return count(FlowAssembler.FLOWS_BY_REASON_PREFIX + reason.label());
    }

    @SuppressWarnings("unchecked")
    List<String> corruptFileErrors() {
        Object value = accumulators.get(CaptureAccounting.CORRUPT_FILE_ERRORS);
        return value instanceof List ? (List<String>) value : Collections.emptyList();
    }
}
