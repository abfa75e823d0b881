package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.source.CaptureFileSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Capture files to flows, as a Flink graph: the capture source, then accounting, then flows keyed by 5-tuple.
 * The offline job, the training job (captures labelled by input) and the tests all build flows this way.
 */
public final class CaptureFlows {

    private CaptureFlows() {}

    /** The watermarks of packets: event time is the capture time in milliseconds; markers carry none. */
    public static WatermarkStrategy<PacketRecord> watermarks(Duration outOfOrderness) {
        return WatermarkStrategy.<PacketRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((packet, previous) -> packet.getKind().isMarker()
                        ? Long.MIN_VALUE : FlowAssembler.eventTimeMillis(packet.getTimestampNanos()));
    }

    /**
     * Adds capture-to-flow processing to {@code env} and returns the flows.
     *
     * @param uidPrefix prefix of the operator uids, distinct per call when one job reads several inputs apart
     */
    public static DataStream<FlowRecord> flows(StreamExecutionEnvironment env, List<Path> inputs,
            Set<Path> explicitFiles, FlowSettings settings, Duration outOfOrderness, String uidPrefix) {
        return env
                .fromSource(CaptureFileSource.forInputs(inputs, explicitFiles), watermarks(outOfOrderness),
                        "capture files")
                .uid(uidPrefix + "capture-file-source")
                .process(new CaptureAccounting())
                .name("packet accounting")
                .uid(uidPrefix + "packet-accounting")
                .keyBy(new FlowKeySelector())
                .process(new FlowAssembler(settings))
                .name("flows")
                .uid(uidPrefix + "flow-assembler");
    }

    /** {@link #flows(StreamExecutionEnvironment, List, Set, FlowSettings, Duration, String)} for one input set per job. */
    public static DataStream<FlowRecord> flows(StreamExecutionEnvironment env, List<Path> inputs,
            Set<Path> explicitFiles, FlowSettings settings, Duration outOfOrderness) {
        return flows(env, inputs, explicitFiles, settings, outOfOrderness, "");
    }
}
