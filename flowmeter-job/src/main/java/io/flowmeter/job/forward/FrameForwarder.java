package io.flowmeter.job.forward;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowFrame;
import io.flowmeter.flow.FlowKey;
import io.flowmeter.flow.JobCounters;
import io.flowmeter.model.ScoredFlow;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forwards the frames of flagged flows as they come, for continuous inputs: the first input is every frame of
 * every flow, tagged with its flow by the flow stage ({@link io.flowmeter.flow.FlowAssembler#FRAMES}), the second
 * the scored flow records. Keyed by flow key, so a key's frames and verdicts meet in one subtask.
 *
 * <p>A flow's frames are buffered (bounded by {@link ForwardBuffer}; what does not fit is counted in
 * {@value #OVERFLOW_PACKETS}, never lost silently) until a verdict comes. A flagged early record forwards the
 * buffer and then every later frame at once; a flagged final record forwards the buffer (and any frame still to
 * come); a benign final record drops it. With {@code --forward-all-after N}, a flow still unscored at its N-th
 * frame is forwarded as if flagged. Frames and verdicts travel apart, so either may come first: a flow's state
 * goes once its frames have ended and its final verdict has come. A verdict that never comes (a flow that ground
 * truth labels left out) is waited for {@link #VERDICT_WAIT_MILLIS} of event time after the flow's end, then the
 * flow's frames are dropped (counted in {@value #UNVERDICTED_FLOWS}).
 *
 * <p>State: the buffered frames of a key in a list (appends are cheap on RocksDB), and a small
 * {@link ForwardingFlow} per open flow, keyed by the flow's first packet time.
 */
public final class FrameForwarder extends KeyedCoProcessFunction<FlowKey, FlowFrame, ScoredFlow, FlowFrame>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** Counters (accumulators and metrics) of what was forwarded, by frames and wire bytes. */
    public static final String FORWARDED_PACKETS = "forwardedPackets";
    public static final String FORWARDED_BYTES = "forwardedBytes";
    /** Counters of frames of forwarded flows that had not fitted in the buffer. */
    public static final String OVERFLOW_PACKETS = "forwardDroppedPackets";
    public static final String OVERFLOW_BYTES = "forwardDroppedBytes";
    /** Counter of flows forwarded (some frame of them) because they were unscored after {@code --forward-all-after}. */
    public static final String UNSCORED_FLOWS = "forwardedUnscoredFlows";
    /** Counter of flows whose verdict never came, their buffered frames dropped. */
    public static final String UNVERDICTED_FLOWS = "forwardUnverdictedFlows";
    /**
     * How long, in event time, a flow whose frames have ended waits for its verdict: verdicts follow the flow's
     * end as soon as event time passes it (the host context stage waits for the watermark), so this is ample.
     */
    static final long VERDICT_WAIT_MILLIS = 10 * 60 * 1000L;
    /** Gauges: frames and captured bytes buffered in this subtask. */
    public static final String BUFFERED_PACKETS = "forwardBufferedPackets";
    public static final String BUFFERED_BYTES = "forwardBufferedBytes";
    /**
     * Accumulators: the most frames and captured bytes one subtask held buffered at once (the largest subtask's
     * figure, for the summary: at parallelism 1 the job's peak).
     */
    public static final String PEAK_BUFFERED_PACKETS = "forwardBufferPeakPackets";
    public static final String PEAK_BUFFERED_BYTES = "forwardBufferPeakBytes";

    private static final String PARTIAL = EndReason.PARTIAL.label();

    private final ForwardBuffer bounds;
    private transient ListState<FlowFrame> buffer;
    private transient MapState<Long, ForwardingFlow> flows;
    private transient LongCounter forwardedPackets;
    private transient LongCounter forwardedBytes;
    private transient LongCounter overflowPackets;
    private transient LongCounter overflowBytes;
    private transient LongCounter unscoredFlows;
    private transient LongCounter unverdictedFlows;
    /** Buffered frames and bytes of this subtask, in checkpoints (as the flow stage keeps its open-flow count). */
    private transient ListState<long[]> bufferedState;
    private transient long bufferedPackets;
    private transient long bufferedBytes;
    private transient LongMaximum peakPackets;
    private transient LongMaximum peakBytes;

    public FrameForwarder(ForwardBuffer bounds) {
        this.bounds = bounds;
    }

    @Override
    public void open(Configuration parameters) {
        buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("forward-buffer", FlowFrame.TYPE));
        flows = getRuntimeContext().getMapState(new MapStateDescriptor<>("forward-flows", Types.LONG,
                TypeInformation.of(ForwardingFlow.class)));
        forwardedPackets = JobCounters.counter(getRuntimeContext(), FORWARDED_PACKETS);
        forwardedBytes = JobCounters.counter(getRuntimeContext(), FORWARDED_BYTES);
        overflowPackets = JobCounters.counter(getRuntimeContext(), OVERFLOW_PACKETS);
        overflowBytes = JobCounters.counter(getRuntimeContext(), OVERFLOW_BYTES);
        unscoredFlows = JobCounters.counter(getRuntimeContext(), UNSCORED_FLOWS);
        unverdictedFlows = JobCounters.counter(getRuntimeContext(), UNVERDICTED_FLOWS);
        peakPackets = new LongMaximum();
        peakBytes = new LongMaximum();
        getRuntimeContext().addAccumulator(PEAK_BUFFERED_PACKETS, peakPackets);
        getRuntimeContext().addAccumulator(PEAK_BUFFERED_BYTES, peakBytes);
        getRuntimeContext().getMetricGroup().gauge(BUFFERED_PACKETS, (Gauge<Long>) this::bufferedPackets);
        getRuntimeContext().getMetricGroup().gauge(BUFFERED_BYTES, (Gauge<Long>) () -> bufferedBytes);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        bufferedState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("forward-buffered",
                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        bufferedPackets = 0;
        bufferedBytes = 0;
        for (long[] counts : bufferedState.get()) {
            bufferedPackets += counts[0];
            bufferedBytes += counts[1];
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        bufferedState.update(List.of(new long[] {bufferedPackets, bufferedBytes}));
    }

    @Override
    public void processElement1(FlowFrame frame, Context ctx, Collector<FlowFrame> out) throws Exception {
        long start = frame.flowStartNanos();
        ForwardingFlow flow = flows.get(start);
        if (flow == null) {
            flow = new ForwardingFlow();
        }
        if (frame.isEnd()) {
            flow.framesEnded = true;
            if (!frame.recorded()) {
                // Below --min-packets: no record, so no verdict, will come.
                flow.decided = true;
                if (flow.mode == ForwardingFlow.BUFFERING) {
                    release(start, flow, null);
                }
            } else if (!flow.decided) {
                long watermark = ctx.timerService().currentWatermark();
                flow.verdictDeadlineMillis = watermark == Long.MIN_VALUE ? VERDICT_WAIT_MILLIS
                        : saturatedAdd(watermark, VERDICT_WAIT_MILLIS);
                ctx.timerService().registerEventTimeTimer(flow.verdictDeadlineMillis);
            }
        } else {
            flow.frames++;
            if (flow.mode == ForwardingFlow.BUFFERING && bounds.forwardUnscored(flow.frames)) {
                unscoredFlows.add(1);
                startForwarding(start, flow, out);
            }
            if (flow.mode == ForwardingFlow.FORWARDING) {
                forward(frame, out);
            } else if (flow.mode == ForwardingFlow.BUFFERING) {
                int bytes = frame.bytes().length;
                if (bounds.fits(flow, bytes)) {
                    buffer.add(frame);
                    flow.bufferedFrames++;
                    flow.bufferedBytes += bytes;
                    bufferedPackets++;
                    bufferedBytes += bytes;
                    peakPackets.add(bufferedPackets);
                    peakBytes.add(bufferedBytes);
                } else {
                    flow.overflowFrames++;
                    flow.overflowBytes += frame.wireLength();
                }
            }
        }
        keepOrRemove(start, flow);
    }

    @Override
    public void processElement2(ScoredFlow verdict, Context ctx, Collector<FlowFrame> out) throws Exception {
        long start = verdict.flow.flowStartNs;
        boolean early = PARTIAL.equals(verdict.flow.endReason);
        ForwardingFlow flow = flows.get(start);
        if (flow == null) {
            flow = new ForwardingFlow();
        }
        if (verdict.malicious && flow.mode != ForwardingFlow.FORWARDING) {
            startForwarding(start, flow, out);
        }
        if (!early) {
            flow.decided = true;
            if (flow.mode == ForwardingFlow.BUFFERING) {
                release(start, flow, null);
                flow.mode = ForwardingFlow.DISCARDING;
            }
        }
        keepOrRemove(start, flow);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowFrame> out) throws Exception {
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, ForwardingFlow> entry : flows.entries()) {
            ForwardingFlow flow = entry.getValue();
            if (!flow.decided && flow.framesEnded && flow.verdictDeadlineMillis <= timestamp) {
                expired.add(entry.getKey());
            }
        }
        for (Long start : expired) {
            ForwardingFlow flow = flows.get(start);
            if (flow.mode == ForwardingFlow.BUFFERING) {
                release(start, flow, null);
            }
            unverdictedFlows.add(1);
            flows.remove(start);
        }
    }

    /** Frames buffered in this subtask (gauge {@value #BUFFERED_PACKETS}). */
    long bufferedPackets() {
        return bufferedPackets;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The flow goes on to deep inspection: its buffer first, its later frames as they come. */
    private void startForwarding(long start, ForwardingFlow flow, Collector<FlowFrame> out) throws Exception {
        release(start, flow, out);
        flow.mode = ForwardingFlow.FORWARDING;
        if (flow.overflowFrames > 0) {
            overflowPackets.add(flow.overflowFrames);
            overflowBytes.add(flow.overflowBytes);
        }
    }

    /** Takes the flow's frames out of the key's buffer, forwarding them to {@code out} unless it is null. */
    private void release(long start, ForwardingFlow flow, Collector<FlowFrame> out) throws Exception {
        if (flow.bufferedFrames == 0) {
            return;
        }
        List<FlowFrame> others = new ArrayList<>();
        for (FlowFrame frame : buffer.get()) {
            if (frame.flowStartNanos() != start) {
                others.add(frame);
            } else if (out != null) {
                forward(frame, out);
            }
        }
        buffer.update(others);
        bufferedPackets -= flow.bufferedFrames;
        bufferedBytes -= flow.bufferedBytes;
        flow.bufferedFrames = 0;
        flow.bufferedBytes = 0;
    }

    private void forward(FlowFrame frame, Collector<FlowFrame> out) {
        forwardedPackets.add(1);
        forwardedBytes.add(frame.wireLength());
        out.collect(frame);
    }

    private void keepOrRemove(long start, ForwardingFlow flow) throws Exception {
        if (flow.done()) {
            flows.remove(start);
        } else {
            flows.put(start, flow);
        }
    }
}
