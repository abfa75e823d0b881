package io.flowmeter.job;

import io.flowmeter.jobs.FlowStreams;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/** Where the flow job's packets come from: captures ({@link CaptureSource}), interfaces, or a Kafka topic. */
public interface FlowSource {

    /**
     * The flows of this source's packets, as {@code settings} assemble them, and their frames when the settings
     * forward frames ({@link FlowSettings#withForwardedFrames}, continuous inputs only).
     */
    FlowStreams flows(StreamExecutionEnvironment env, FlowSettings settings, Duration outOfOrderness);

    /** Whether the source never ends by itself (a watch, a live capture without a duration, Kafka unbounded). */
    boolean unbounded();
}
