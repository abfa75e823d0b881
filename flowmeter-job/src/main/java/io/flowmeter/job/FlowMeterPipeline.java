package io.flowmeter.job;

import io.flowmeter.flow.FlowAssembler;
import io.flowmeter.flow.FlowKeySelector;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.job.sink.FlowCsvSink;
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
 * The offline flow job as a Flink graph: capture files, then accounting, then flows keyed by 5-tuple, then CSV.
 * Operator uids are fixed so that savepoints survive changes to the graph around them.
 */
public final class FlowMeterPipeline {

    private FlowMeterPipeline() {}

    /** The watermarks of packets: event time is the capture time in milliseconds; markers carry none. */
    public static WatermarkStrategy<PacketRecord> watermarks(Duration outOfOrderness) {
        return WatermarkStrategy.<PacketRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((packet, previous) -> packet.getKind().isMarker()
                        ? Long.MIN_VALUE : FlowAssembler.eventTimeMillis(packet.getTimestampNanos()));
    }

    /** Adds capture-to-flow processing to {@code env} and returns the flows. */
    public static DataStream<FlowRecord> flows(StreamExecutionEnvironment env, List<Path> inputs,
            Set<Path> explicitFiles, FlowSettings settings, Duration outOfOrderness) {
        DataStream<PacketRecord> packets = env
                .fromSource(CaptureFileSource.forInputs(inputs, explicitFiles), watermarks(outOfOrderness),
                        "capture files")
                .uid("capture-file-source");
        return packets
                .process(new CaptureAccounting())
                .name("packet accounting")
                .uid("packet-accounting")
                .keyBy(new FlowKeySelector())
                .process(new FlowAssembler(settings))
                .name("flows")
                .uid("flow-assembler");
    }

    /** The whole offline job: flows of {@code inputs} as CSV files in {@code outputDirectory}. */
    public static void build(StreamExecutionEnvironment env, List<Path> inputs, Set<Path> explicitFiles,
            Path outputDirectory, FlowSettings settings, Duration outOfOrderness) {
        // Source records come from a pool and no function keeps a reference, so chained operators may share them.
        env.getConfig().enableObjectReuse();
        flows(env, inputs, explicitFiles, settings, outOfOrderness)
                .sinkTo(FlowCsvSink.create(outputDirectory))
                .name("flow CSV files")
                .uid("flow-csv-sink");
    }
}
