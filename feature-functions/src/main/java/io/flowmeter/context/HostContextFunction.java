package io.flowmeter.context;

import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.plugins.ConnectionState;
import io.flowmeter.feature.plugins.HostContext;
import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Keyed by one host (a flow's source or destination address, {@link HostRole}): gives each flow record the host's
 * context ({@link HostActivity}) after adding that flow, and forwards it.
 *
 * <p>Deterministic at any parallelism: records wait until the watermark passes their timestamp, and those of one
 * timestamp are taken in the order of their start and 5-tuple, so every run adds a host's flows in the same order,
 * however the records of the upstream subtasks interleave. The flow stage emits a record when its flow ends
 * (timestamp: the end or the timer that ended it) and sends watermarks only after the records they cover, so
 * waiting holds a record back for the watermark's progress only. A record that arrives behind the watermark (from
 * a packet later than the out-of-orderness bound) is added at once. Early records ({@link EndReason#PARTIAL}) get
 * the context without being added: their flow counts once, with its final record. A host's state is dropped once
 * it has had no flow for {@link #IDLE_MILLIS} of event time, so a flood of spoofed sources does not pile up.
 */
public final class HostContextFunction extends KeyedProcessFunction<String, FlowRecord, FlowRecord> {

    private static final long serialVersionUID = 1L;
    /** Event time after a host's last flow at which its state goes: ten times the longest window. */
    static final long IDLE_MILLIS = 600_000L;

    /** The order records of one timestamp are added in: by start, then 5-tuple, end and values. */
    static final Comparator<FlowRecord> ORDER = Comparator.<FlowRecord>comparingLong(f -> f.flowStartNs)
            .thenComparing(f -> f.srcIp, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(f -> f.dstIp, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(f -> f.protocol)
            .thenComparingInt(f -> f.srcPort)
            .thenComparingInt(f -> f.dstPort)
            .thenComparingLong(f -> f.flowEndNs)
            .thenComparing(f -> f.endReason, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing((a, b) -> Arrays.compare(a.values, b.values));

    private final HostRole role;
    private final int offset;
    private final int handshake;
    private final int connStateCode;

    private transient ValueState<HostActivity> activity;
    /** The timestamp of the last record added. */
    private transient ValueState<Long> lastRecordMillis;
    private transient MapState<Long, List<FlowRecord>> waiting;
    private transient boolean[] outcome;

    public HostContextFunction(HostRole role, FeatureLayout layout) {
        this.role = role;
        this.offset = layout.indexOf(role.columns().get(0).name());
        this.handshake = layout.indexOf(HostContext.USES.get(0));
        this.connStateCode = layout.indexOf(HostContext.USES.get(1));
        if (offset < 0 || handshake < 0 || connStateCode < 0) {
            throw new IllegalArgumentException("the layout has no " + HostContext.NAME + " or "
                    + ConnectionState.NAME + " columns");
        }
    }

    @Override
    public void open(Configuration parameters) {
        activity = getRuntimeContext().getState(new ValueStateDescriptor<>("host-activity",
                HostActivitySerializer.INSTANCE));
        lastRecordMillis = getRuntimeContext().getState(new ValueStateDescriptor<>("last-record", Types.LONG));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting-records", Types.LONG,
                Types.LIST(TypeInformation.of(FlowRecord.class))));
        outcome = new boolean[3];
    }

    @Override
    public void processElement(FlowRecord flow, Context ctx, Collector<FlowRecord> out) throws Exception {
        long timestamp = ctx.timestamp() != null ? ctx.timestamp() : flow.flowEndNs / 1_000_000;
        if (timestamp <= ctx.timerService().currentWatermark()) {
            addAndWrite(flow, timestamp, ctx.timerService(), out);
            return;
        }
        List<FlowRecord> records = waiting.get(timestamp);
        if (records == null) {
            records = new ArrayList<>(2);
            ctx.timerService().registerEventTimeTimer(timestamp);
        }
        records.add(flow);
        waiting.put(timestamp, records);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowRecord> out) throws Exception {
        // Timers fire in time order: a host idle since its last added flow is forgotten before any later flow of
        // its is added, whatever is waiting.
        Long last = lastRecordMillis.value();
        if (last != null && timestamp >= last + IDLE_MILLIS) {
            activity.clear();
            lastRecordMillis.clear();
        }
        List<FlowRecord> records = waiting.get(timestamp);
        if (records != null) {
            waiting.remove(timestamp);
            records.sort(ORDER);
            for (FlowRecord flow : records) {
                addAndWrite(flow, timestamp, ctx.timerService(), out);
            }
        }
    }

    private void addAndWrite(FlowRecord flow, long timestamp, TimerService timers, Collector<FlowRecord> out)
            throws Exception {
        HostActivity host = activity.value();
        if (host == null) {
            host = new HostActivity();
        }
        EndReason reason = EndReason.valueOf(flow.endReason.toUpperCase(java.util.Locale.ROOT));
        if (reason.isFinal()) {
            double[] v = flow.values;
            double code = v[connStateCode];
            outcome[HostActivity.UNANSWERED] = flow.get(FlowFeature.bwdFlowLength) == 0;
            outcome[HostActivity.REFUSED] = v[handshake] == 2;
            outcome[HostActivity.RESET] = code >= 6 && code <= 9;
            host.add(flow.flowStartNs, outcome, role.bytesSent(flow), role.bytesReceived(flow), role.peer(flow),
                    flow.dstPort);
            activity.update(host);
            Long last = lastRecordMillis.value();
            if (last == null || timestamp > last) {
                lastRecordMillis.update(timestamp);
                timers.registerEventTimeTimer(timestamp + IDLE_MILLIS);
            }
        }
        host.write(flow.values, offset);
        out.collect(flow);
    }
}
