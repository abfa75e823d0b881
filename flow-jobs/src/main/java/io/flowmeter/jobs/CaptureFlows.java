package io.flowmeter.jobs;

import io.flowmeter.context.HostContextStage;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowKeySelector;
import io.flowmeter.flow.FlowAssembler;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.source.CaptureFileSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
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

    /**
     * The watermarks of packets: event time is the capture time in milliseconds (markers carry none), and the
     * packets emit the watermarks ({@link PacketTimeWatermarks}), so that the flows of an archive do not depend on
     * the speed of the machine.
     */
    public static WatermarkStrategy<PacketRecord> watermarks(Duration outOfOrderness) {
        WatermarkStrategy<PacketRecord> watermarks = context -> new PacketTimeWatermarks(outOfOrderness);
        return eventTime(watermarks);
    }

    /**
     * The watermarks of mirrored traffic on Kafka: bounded out-of-orderness per partition, emitted periodically.
     * Partitions are read in an order no one controls, so packet-driven emission ({@link #watermarks}) would buy no
     * determinism there; and it would let the first partition read after a quiet spell move event time on before the
     * others, just woken from idleness, have caught up, making their packets late.
     */
    public static WatermarkStrategy<PacketRecord> periodicWatermarks(Duration outOfOrderness) {
        return eventTime(WatermarkStrategy.<PacketRecord>forBoundedOutOfOrderness(outOfOrderness));
    }

    /** {@code watermarks} with event time taken from the packets' capture timestamps. */
    private static WatermarkStrategy<PacketRecord> eventTime(WatermarkStrategy<PacketRecord> watermarks) {
        return watermarks.withTimestampAssigner((packet, previous) -> packet.getKind().isMarker()
                ? Long.MIN_VALUE : FlowAssembler.eventTimeMillis(packet.getTimestampNanos()));
    }

    /**
     * The watermarks of live capture: as {@link #watermarks}, and following the wall clock, {@code clockLag} behind,
     * while traffic is quiet ({@link WallClockFallbackWatermarks}).
     */
    public static WatermarkStrategy<PacketRecord> liveWatermarks(Duration outOfOrderness, Duration clockLag) {
        WatermarkStrategy<PacketRecord> watermarks =
                context -> new WallClockFallbackWatermarks(outOfOrderness, clockLag);
        return eventTime(watermarks);
    }

    /** How packets reach the subtask that keeps their flow. */
    public enum Layout {
        /**
         * Every subtask reads every capture and keeps its own packets; flows are assembled in the reading thread,
         * with no serialization. Fastest on a few cores; each file is read once per subtask.
         */
        SHARDED,
        /**
         * Each capture is read once, by one reading subtask in the order of first frame times, and packets are shuffled to the flow
         * subtasks: for many subtasks, where reading every file in each would cost more than the shuffle. One
         * reader, because parallel readers would interleave the files' packets (and move event time) in an order
         * that changes from run to run, and with it the flows of tuples that several files share.
         */
        SHUFFLED
    }

    /**
     * Adds capture-to-flow processing to {@code env} and returns the flows.
     *
     * @param uidPrefix prefix of the operator uids, distinct per call when one job reads several inputs apart
     */
    public static DataStream<FlowRecord> flows(StreamExecutionEnvironment env, List<Path> inputs,
            Set<Path> explicitFiles, FlowSettings settings, Duration outOfOrderness, Layout layout, String uidPrefix) {
        if (layout == Layout.SHUFFLED) {
            return PacketFlows.flows(env
                    .fromSource(CaptureFileSource.forInputs(inputs, explicitFiles), watermarks(outOfOrderness),
                            "capture files")
                    .setParallelism(1)
                    .uid(uidPrefix + "capture-file-source"), settings, uidPrefix);
        }
        // The sources must cut packets along the key groups the flow stage uses: fix the maximum parallelism.
        if (env.getMaxParallelism() <= 0) {
            env.setMaxParallelism(KeyGroupRangeAssignment.computeDefaultMaxParallelism(env.getParallelism()));
        }
        DataStream<PacketRecord> packets = env
                .fromSource(CaptureFileSource.sharded(inputs, explicitFiles, new FlowKeyShards(env.getMaxParallelism())),
                        watermarks(outOfOrderness), "capture files (sharded)")
                .uid(uidPrefix + "capture-shard-source")
                .process(new CaptureAccounting())
                .name("packet accounting")
                .uid(uidPrefix + "packet-accounting");
        return HostContextStage.around(DataStreamUtils.reinterpretAsKeyedStream(packets, new FlowKeySelector())
                .process(new FlowAssembler(settings))
                .name("flows")
                .uid(uidPrefix + "flow-assembler"), settings.layout(), uidPrefix);
    }

    /**
     * Flows of captures that keep arriving: {@code inputs} are scanned every {@code interval}, and each new
     * capture is read once it has not changed for {@code settle}. Unbounded. One subtask reads the captures, in the
     * order they are found, and packets are shuffled to the flow subtasks: a second reader would wait without a
     * file most of the time and, emitting no watermark, hold event time back for every flow (idle and lingering
     * flows would never be written); and two readers would interleave files in an order that changes from run
     * to run.
     */
    public static FlowStreams watched(StreamExecutionEnvironment env, List<Path> inputs,
            Set<Path> explicitFiles, FlowSettings settings, Duration outOfOrderness, Duration interval,
            Duration settle) {
        return PacketFlows.assemble(env
                .fromSource(CaptureFileSource.watching(inputs, explicitFiles, interval, settle,
                                settings.forwardsFrames()),
                        watermarks(outOfOrderness), "capture files (watched)")
                .setParallelism(1)
                .uid("capture-watch-source"), settings, "");
    }

    /** Flows of {@code inputs} in the {@link Layout#SHARDED} layout, one input set per job. */
    public static DataStream<FlowRecord> flows(StreamExecutionEnvironment env, List<Path> inputs,
            Set<Path> explicitFiles, FlowSettings settings, Duration outOfOrderness) {
        return flows(env, inputs, explicitFiles, settings, outOfOrderness, Layout.SHARDED, "");
    }
}
