package io.flowmeter.job;

import io.flowmeter.jobs.FlowStreams;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.jobs.PacketFlows;
import io.flowmeter.pcap.pipe.PipeSource;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * A pcap or pcapng stream on standard input ({@code --input -}): one reading subtask, packets shuffled to the flow
 * subtasks, event time from the packets as for a capture file. Unbounded until the pipe closes.
 */
public final class PipePackets implements FlowSource {

    @Override
    public FlowStreams flows(StreamExecutionEnvironment env, FlowSettings settings, Duration outOfOrderness) {
        return PacketFlows.assemble(env.fromSource(new PipeSource(settings.forwardsFrames()),
                        CaptureFlows.watermarks(outOfOrderness),
                        "standard input").setParallelism(1).uid("pipe-source"), settings, "");
    }

    @Override
    public boolean unbounded() {
        return true;
    }
}
