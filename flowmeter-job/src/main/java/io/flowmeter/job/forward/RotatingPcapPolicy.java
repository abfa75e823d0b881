package io.flowmeter.job.forward;

import io.flowmeter.flow.FlowFrame;

import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * When a rotating forward file is closed: at every checkpoint (which commits it: it then appears under its final
 * name), and before that once it holds {@code maxBytes} or has been open for {@code maxMillis} of wall-clock time,
 * as tcpdump's {@code -C} and {@code -G} rotate.
 */
final class RotatingPcapPolicy extends CheckpointRollingPolicy<FlowFrame, String> {

    private static final long serialVersionUID = 1L;

    private final long maxBytes;
    private final long maxMillis;

    RotatingPcapPolicy(long maxBytes, long maxMillis) {
        this.maxBytes = maxBytes;
        this.maxMillis = maxMillis;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> part, FlowFrame frame) throws java.io.IOException {
        return part.getSize() >= maxBytes;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<String> part, long now) {
        return now - part.getCreationTime() >= maxMillis;
    }
}
