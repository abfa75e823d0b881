package io.flowmeter.job;

import io.flowmeter.jobs.FlowStreams;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.jobs.PacketFlows;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.live.LiveCaptureSettings;
import io.flowmeter.pcap.live.LiveCaptureSource;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/** Live capture as packets, with event time that follows the wall clock while traffic is quiet. */
public final class LivePackets implements FlowSource {

    /**
     * How far behind the wall clock, beyond the out-of-orderness, event time may fall: libpcap hands packets over
     * within milliseconds in immediate mode, so a second covers a busy task thread too.
     */
    static final Duration CLOCK_LAG = Duration.ofSeconds(1);

    private final LiveCaptureSettings settings;

    public LivePackets(LiveCaptureSettings settings) {
        this.settings = settings;
    }

    @Override
    public FlowStreams flows(StreamExecutionEnvironment env, FlowSettings flowSettings, Duration outOfOrderness) {
        return PacketFlows.assemble(capture(env, settings.withFramesKept(flowSettings.forwardsFrames()),
                outOfOrderness), flowSettings, "");
    }

    @Override
    public boolean unbounded() {
        return !settings.bounded();
    }

    /**
     * The captured packets: one source subtask per interface name (at most the job's parallelism), or, for an
     * interface rule, one per subtask of the job, each capturing the interface the rule picks on its host.
     */
    public static DataStream<PacketRecord> capture(StreamExecutionEnvironment env, LiveCaptureSettings settings,
            Duration outOfOrderness) {
        // A rule is captured by every subtask, each on its own host's interface; names by one subtask each.
        int readers = Math.max(1, settings.capturesOnEverySubtask() ? env.getParallelism()
                : Math.min(env.getParallelism(), settings.interfaces().size()));
        return env.fromSource(new LiveCaptureSource(settings), CaptureFlows.liveWatermarks(outOfOrderness, CLOCK_LAG),
                        "live capture " + String.join(",", settings.interfaces()))
                .setParallelism(readers)
                .uid("live-capture-source");
    }
}
