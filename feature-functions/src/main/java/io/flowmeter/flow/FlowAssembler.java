package io.flowmeter.flow;

import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles the packets of one {@link FlowKey} into flows and emits a {@link FlowRecord} when each ends.
 *
 * <p>A flow ends on a TCP RST; after FINs from both sides and the last ACK; when a SYN opens a new connection on
 * its tuple ({@link FlowAccumulator#isNewConnection}); when its next packet comes later than the idle timeout or
 * past the active timeout; when event time passes its deadline (idle or active); and at the end of input. All these
 * decisions compare packet timestamps, so the flows do not depend on parallelism or on when timers fire; timers
 * only let a finished flow leave state (and reach the output) early.
 *
 * <p>A TCP flow closed by RST or FIN lingers for {@link FlowSettings#tcpLingerNanos} of capture time: the packets
 * of its tuple that follow the close (the peer's last ACK, a retransmitted FIN, a second RST, a late segment) count
 * in it, and it is emitted, with the end reason of its close, once event time has passed the linger, or at the end
 * of input. A packet after the linger, or a SYN opening a new connection, ends it at once and starts a new flow.
 *
 * <p>Event time is in milliseconds (Flink's convention), flow arithmetic in nanoseconds. A flow whose deadline is
 * already behind the watermark when it starts or closes (an archive file far behind the others in time) gets no
 * timer that would fire at once: it ends by its own packets or at the end of input; with an unbounded input
 * ({@link FlowSettings#withUnboundedInput}), once event time has moved on by the idle timeout (the linger, for a
 * closed flow).
 *
 * <p>With early records on ({@link FlowSettings#withEarlyRecord}), a flow still open at the packet that makes it
 * due also emits one record marked {@link EndReason#PARTIAL}; its final record comes as usual. A lingering flow
 * has closed, and gets no early record.
 *
 * <p>Each subtask counts its open flows (lingering ones included; gauge {@value #ACTIVE_FLOWS}), and with a flow
 * table limit ({@link FlowSettings#withMaxFlows}) admits no new flow beyond its share. The count is part of
 * checkpoints: exact when restored at the same parallelism, approximate when rescaled.
 *
 * <p>When the job forwards frames ({@link FlowSettings#withForwardedFrames}), every packet that holds its frame
 * goes on to the side output {@link #FRAMES}, tagged with its flow, and each flow's frames end with an end mark:
 * the forwarding stage so knows which flow a frame belongs to without deciding flows a second time.
 */
public final class FlowAssembler extends KeyedProcessFunction<FlowKey, PacketRecord, FlowRecord>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Accumulator: flows emitted (final records; early records count under {@code flows.partial}). */
    public static final String FLOWS = "flows";
    /** Accumulator: flows not emitted because they have fewer packets than {@code --min-packets}. */
    public static final String FLOWS_BELOW_MIN_PACKETS = "flowsBelowMinPackets";
    /** Accumulator: wall-clock milliseconds when the last subtask ended its flows, the end of the processing window. */
    public static final String PROCESSING_END_MILLIS = "processingEndMillis";
    /** Accumulator name prefix of emitted flows per end reason: {@code flows.fin}, {@code flows.idle}, ... */
    public static final String FLOWS_BY_REASON_PREFIX = "flows.";

    /** Metric group key of the flow counts per end reason: {@code endReason=fin}, ... */
    public static final String END_REASON_GROUP = "endReason";

    /** Gauge: flows open in this subtask. */
    public static final String ACTIVE_FLOWS = "activeFlows";

    /** Side output: the frames of the flows, and the end of each flow's frames ({@link FlowFrame}). */
    public static final OutputTag<FlowFrame> FRAMES = new OutputTag<>("flow-frames", FlowFrame.TYPE);

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final FlowSettings settings;
    private transient FeatureLayout layout;
    private transient ValueState<FlowAccumulator> state;
    private transient LongCounter flows;
    private transient LongCounter flowsBelowMinPackets;
    private transient Map<EndReason, LongCounter> flowsByReason;
    private transient LongMaximum processingEnd;
    /**
     * The open-flow count in checkpoints. Plain (not union) list state: Flink 1.17 declines checkpoints of an
     * operator with union state once some of its subtasks have finished, as archive subtasks do one by one.
     */
    /**
     * Whether the flow state is the heap backend's, whose {@code value()} hands out the object it holds (copied
     * first when a snapshot still needs the old one): a flow changed in place needs no {@code update}.
     */
    private transient boolean stateOnHeap;
    /** The object the state held for the current key, as {@link #currentFlow} read it. */
    private transient FlowAccumulator stored;
    private transient ListState<Long> activeFlowsState;
    private transient long activeFlows;
    private transient long maxActiveFlows;

    public FlowAssembler(FlowSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(Configuration parameters) {
        layout = settings.layout();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("flow", new FlowAccumulatorSerializer(layout)));
        stateOnHeap = state.getClass().getName().equals("org.apache.flink.runtime.state.heap.HeapValueState");
        flows = JobCounters.counter(getRuntimeContext(), FLOWS);
        flowsBelowMinPackets = JobCounters.counter(getRuntimeContext(), FLOWS_BELOW_MIN_PACKETS);
        processingEnd = new LongMaximum();
        getRuntimeContext().addAccumulator(PROCESSING_END_MILLIS, processingEnd);
        maxActiveFlows = settings.maxFlowsPerSubtask(getRuntimeContext().getNumberOfParallelSubtasks());
        getRuntimeContext().getMetricGroup().gauge(ACTIVE_FLOWS, (Gauge<Long>) () -> activeFlows);
        flowsByReason = new EnumMap<>(EndReason.class);
        for (EndReason reason : EndReason.values()) {
            // metric flows in group endReason=<label>: one labelled series per reason in Prometheus
            flowsByReason.put(reason, JobCounters.counter(getRuntimeContext(), FLOWS_BY_REASON_PREFIX + reason.label(),
                    getRuntimeContext().getMetricGroup().addGroup(END_REASON_GROUP, reason.label()), FLOWS));
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        activeFlowsState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("activeFlows", BasicTypeInfo.LONG_TYPE_INFO));
        // At the same parallelism each subtask gets its own count back, exact; rescaled, the counts are dealt out
        // round-robin, and the sum of what a subtask gets stands for its share.
        activeFlows = 0;
        for (Long count : activeFlowsState.get()) {
            activeFlows += count;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        activeFlowsState.update(List.of(activeFlows));
    }

    @Override
    public void close() {
        processingEnd.add(System.currentTimeMillis());
    }

    @Override
    public void processElement(PacketRecord packet, Context ctx, Collector<FlowRecord> out) throws Exception {
        FlowKey key = ctx.getCurrentKey();
        boolean fromA = FlowKey.sourceIsA(packet);
        FlowAccumulator flow = currentFlow();
        boolean inTable = flow != null;
        if (flow != null) {
            EndReason ended = endsBefore(flow, packet, fromA);
            if (ended != null) {
                finish(key, flow, ended, ctx, out);
                flow = null;
            }
        }
        if (flow == null) {
            if (!inTable) {
                if (activeFlows >= maxActiveFlows) {
                    FlowAccumulator single = new FlowAccumulator(layout);
                    single.start(packet, fromA);
                    single.add(packet, fromA);
                    forwardFrame(key, single, packet, ctx);
                    emit(key, single, EndReason.EVICTED, ctx, out);
                    return;
                }
                activeFlows++;
            }
            flow = new FlowAccumulator(layout);
            flow.start(packet, fromA);
            flow.add(packet, fromA);
            scheduleTimer(flow, openDeadline(flow), settings.idleTimeoutNanos(), ctx.timerService());
        } else {
            flow.add(packet, fromA);
        }
        forwardFrame(key, flow, packet, ctx);
        if (!flow.isLingering() && (flow.isReset() || flow.isClosed())) {
            EndReason reason = flow.isReset() ? EndReason.RST : EndReason.FIN;
            if (settings.tcpLingerNanos() == 0) {
                finish(key, flow, reason, ctx, out);
                leaveTable();
                return;
            }
            flow.startLinger(reason);
            ctx.timerService().deleteEventTimeTimer(flow.timerMillis);
            scheduleTimer(flow, lingerEnd(flow), settings.tcpLingerNanos(), ctx.timerService());
        } else if (!flow.isLingering() && !flow.earlyRecordSent()
                && settings.earlyRecordDue(flow.packets(), flow.lastNanos() - flow.firstNanos())) {
            flow.markEarlyRecordSent();
            emit(key, flow, EndReason.PARTIAL, ctx, out);
        }
        store(flow);
    }

    /**
     * The current key's flow, its plugin states in this job's layout: a flow restored from a checkpoint of another
     * layout (an earlier build's, or another feature set's) takes it on at its first access.
     */
    private FlowAccumulator currentFlow() throws java.io.IOException {
        FlowAccumulator flow = state.value();
        stored = flow;
        return flow == null || flow.layout() == layout ? flow : flow.adoptLayout(layout);
    }

    /** Stores the current key's flow, unless the heap backend already holds this very object. */
    private void store(FlowAccumulator flow) throws java.io.IOException {
        if (!stateOnHeap || flow != stored) {
            state.update(flow);
        }
    }

    /** Whether the flow ends before {@code packet}, which then starts a new flow; null when it does not. */
    private EndReason endsBefore(FlowAccumulator flow, PacketRecord packet, boolean fromA) {
        long ts = packet.getTimestampNanos();
        if (flow.isLingering()) {
            return ts > lingerEnd(flow) || flow.isNewConnection(packet, fromA) ? flow.closeReason() : null;
        }
        if (ts > FlowAccumulator.saturatedAdd(flow.lastNanos(), settings.idleTimeoutNanos())) {
            return EndReason.IDLE;
        }
        if (ts > FlowAccumulator.saturatedAdd(flow.firstNanos(), settings.activeTimeoutNanos())) {
            return EndReason.ACTIVE;
        }
        if (flow.isNewConnection(packet, fromA)) {
            return flow.bothFinsSeen() ? EndReason.FIN : EndReason.REUSED;
        }
        return null;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowRecord> out) throws Exception {
        FlowAccumulator flow = currentFlow();
        if (flow == null || flow.timerMillis != timestamp) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark == Long.MAX_VALUE) {
            emit(ctx.getCurrentKey(), flow, flow.isLingering() ? flow.closeReason() : EndReason.EOF, ctx, out);
            leaveTable();
            return;
        }
        long deadline = flow.isLingering() ? lingerEnd(flow) : openDeadline(flow);
        if (ceilMillis(deadline) <= watermark) {
            emit(ctx.getCurrentKey(), flow, flow.isLingering() ? flow.closeReason()
                    : flow.timeoutReason(settings.idleTimeoutNanos(), settings.activeTimeoutNanos()), ctx, out);
            leaveTable();
            return;
        }
        // Packets came since the timer was set: wait for the new deadline.
        flow.timerMillis = ceilMillis(deadline);
        ctx.timerService().registerEventTimeTimer(flow.timerMillis);
        store(flow);
    }

    /** Epoch nanoseconds at which an open flow expires without further packets. */
    private long openDeadline(FlowAccumulator flow) {
        return flow.deadlineNanos(settings.idleTimeoutNanos(), settings.activeTimeoutNanos());
    }

    /** Epoch nanoseconds at which a lingering flow leaves the table. */
    private long lingerEnd(FlowAccumulator flow) {
        return flow.lingerEndNanos(settings.idleTimeoutNanos(), settings.activeTimeoutNanos(),
                settings.tcpLingerNanos());
    }

    /** Removes the current key's flow, which has been emitted, from the table. */
    private void leaveTable() {
        state.clear();
        activeFlows = Math.max(0, activeFlows - 1);
    }

    /**
     * Sets the flow's timer for {@code deadlineNanos}. A deadline already behind the watermark gets none that would
     * fire at once: with an unbounded input the flow waits {@code lateWaitNanos} of event time from now, otherwise
     * for the end of input.
     */
    private void scheduleTimer(FlowAccumulator flow, long deadlineNanos, long lateWaitNanos, TimerService timers) {
        long deadline = ceilMillis(deadlineNanos);
        long watermark = timers.currentWatermark();
        if (deadline > watermark) {
            flow.timerMillis = deadline;
        } else if (settings.unboundedInput()) {
            flow.timerMillis = FlowAccumulator.saturatedAdd(watermark, ceilMillis(lateWaitNanos));
        } else {
            flow.timerMillis = Long.MAX_VALUE;
        }
        timers.registerEventTimeTimer(flow.timerMillis);
    }

    private void finish(FlowKey key, FlowAccumulator flow, EndReason reason, Context ctx, Collector<FlowRecord> out) {
        ctx.timerService().deleteEventTimeTimer(flow.timerMillis);
        emit(key, flow, reason, ctx, out);
    }

    /** Hands the packet's frame on to {@link #FRAMES}, tagged with its flow, when the job forwards frames. */
    private void forwardFrame(FlowKey key, FlowAccumulator flow, PacketRecord packet, Context ctx) {
        if (settings.forwardsFrames() && packet.hasFrame()) {
            ctx.output(FRAMES, FlowFrame.of(key, flow.firstNanos(), packet));
        }
    }

    private void emit(FlowKey key, FlowAccumulator flow, EndReason reason, Context ctx, Collector<FlowRecord> out) {
        if (reason.isFinal() && settings.forwardsFrames()) {
            ctx.output(FRAMES, FlowFrame.end(key, flow.firstNanos(), flow.packets() >= settings.minPackets()));
        }
        if (flow.packets() < settings.minPackets()) {
            if (reason.isFinal()) {
                flowsBelowMinPackets.add(1);
            }
            return;
        }
        if (reason.isFinal()) {
            flows.add(1);
        }
        flowsByReason.get(reason).add(1);
        out.collect(FlowRecord.of(key, flow, reason));
    }

    /** The first millisecond at or after {@code nanos}. */
    static long ceilMillis(long nanos) {
        return -Math.floorDiv(-nanos, NANOS_PER_MILLI);
    }

    /** The millisecond event timestamp of a packet. */
    public static long eventTimeMillis(long nanos) {
        return Math.floorDiv(nanos, NANOS_PER_MILLI);
    }
}
