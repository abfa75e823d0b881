package io.flowmeter.jobs;

import io.flowmeter.flow.FlowFrame;
import io.flowmeter.flow.FlowRecord;

import org.apache.flink.streaming.api.datastream.DataStream;

import javax.annotation.Nullable;

/**
 * What the flow stage gives a job: the flow records, and, when the job forwards frames as they come
 * ({@link io.flowmeter.flow.FlowSettings#withForwardedFrames}), every frame tagged with its flow.
 */
public final class FlowStreams {

    private final DataStream<FlowRecord> flows;
    @Nullable private final DataStream<FlowFrame> frames;

    public FlowStreams(DataStream<FlowRecord> flows, @Nullable DataStream<FlowFrame> frames) {
        this.flows = flows;
        this.frames = frames;
    }

    /** Flows without frames (captures read once, whose frames are forwarded in a second pass). */
    public static FlowStreams of(DataStream<FlowRecord> flows) {
        return new FlowStreams(flows, null);
    }

    public DataStream<FlowRecord> flows() {
        return flows;
    }

    /** The flows' frames and end marks, partitioned as the flow stage's keys; null unless frames are forwarded. */
    @Nullable
    public DataStream<FlowFrame> frames() {
        return frames;
    }
}
