package io.flowmeter.flow;

import io.flowmeter.feature.FeatureConfig;
import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.FeatureRegistry;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When flows end and which are kept: timeouts, how long a closed TCP flow lingers, the minimum packet count, when a
 * long flow gets an early (partial) record, the flow table limit, and which features are computed. Immutable.
 */
public final class FlowSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Seconds; a constant, so that command-line options can name it as their default. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_ACTIVE_TIMEOUT_SECONDS = 1800;
    public static final int DEFAULT_TCP_LINGER_SECONDS = 5;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
    public static final Duration DEFAULT_ACTIVE_TIMEOUT = Duration.ofSeconds(DEFAULT_ACTIVE_TIMEOUT_SECONDS);
    /**
     * How long a closed TCP flow keeps the packets that follow its close. 5 s, as Zeek's {@code tcp_close_delay} and
     * {@code tcp_reset_delay}: long enough for the retries seen in real captures (a client retrying a refused
     * connection every 0.5 s, a retransmitted FIN, the peer's last ACK), short enough to cost little state.
     */
    public static final Duration DEFAULT_TCP_LINGER = Duration.ofSeconds(DEFAULT_TCP_LINGER_SECONDS);

    public static final Duration DEFAULT_ACTIVITY_TIMEOUT = Duration.ofNanos(FeatureConfig.DEFAULT_ACTIVITY_TIMEOUT_NANOS);
    public static final int DEFAULT_FIRST_PACKETS = FeatureConfig.DEFAULT_FIRST_PACKETS;
    /** The most first packets a flow keeps the sizes, gaps and directions of. */
    public static final int MAX_FIRST_PACKETS = FeatureConfig.MAX_FIRST_PACKETS;

    // Not final so that the with... methods can copy and change one; no method changes a settings object.
    private long idleTimeoutNanos;
    private long activeTimeoutNanos;
    private int minPackets;
    private long earlyRecordPackets;
    private long earlyRecordNanos;
    private long maxFlows;
    private FeatureSet featureSet = FeatureSet.FLOWMETER;
    private long activityTimeoutNanos = DEFAULT_ACTIVITY_TIMEOUT.toNanos();
    private int firstPackets = DEFAULT_FIRST_PACKETS;
    private boolean unboundedInput;
    private boolean forwardsFrames;
    private long tcpLingerNanos = DEFAULT_TCP_LINGER.toNanos();
    /** Plugins whose columns are written after the feature set's ({@code --features extended,ip-ttl}). */
    private List<String> writtenPlugins = List.of();
    /** Columns computed beyond the feature set's, for a model. */
    private List<String> extraColumns = List.of();
    private transient FeatureLayout layout;

    public FlowSettings(Duration idleTimeout, Duration activeTimeout, int minPackets) {
        this(idleTimeout, activeTimeout, minPackets, 0, Duration.ZERO, 0);
    }

    private FlowSettings(Duration idleTimeout, Duration activeTimeout, int minPackets, long earlyRecordPackets,
            Duration earlyRecordAfter, long maxFlows) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || activeTimeout.isNegative() || activeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (minPackets < 0) {
            throw new IllegalArgumentException("minimum packet count must not be negative");
        }
        this.idleTimeoutNanos = saturatedNanos(idleTimeout);
        this.activeTimeoutNanos = saturatedNanos(activeTimeout);
        this.minPackets = minPackets;
        if (earlyRecordPackets < 0 || earlyRecordAfter.isNegative()) {
            throw new IllegalArgumentException("early record thresholds must not be negative");
        }
        this.earlyRecordPackets = earlyRecordPackets;
        this.earlyRecordNanos = saturatedNanos(earlyRecordAfter);
        if (maxFlows < 0) {
            throw new IllegalArgumentException("maximum flow count must not be negative");
        }
        this.maxFlows = maxFlows;
    }

    /**
     * These settings, plus one early record ({@link EndReason#PARTIAL}) of each flow still open once it has
     * {@code packets} packets or, at a packet, has lasted {@code after}, whichever comes first. 0 turns a
     * threshold off.
     */
    public FlowSettings withEarlyRecord(long packets, Duration after) {
        return new FlowSettings(Duration.ofNanos(idleTimeoutNanos), Duration.ofNanos(activeTimeoutNanos), minPackets,
                packets, after, maxFlows).featuresOf(this);
    }

    /**
     * These settings with a flow table of at most {@code maxFlows} open flows in all (0: no limit), shared evenly
     * by the flow subtasks. When a subtask's share is full, a packet that would start a new flow is not admitted:
     * it is emitted at once as a one-packet flow ended {@link EndReason#EVICTED}. Flows already open are never
     * pushed out, so a flood of new tuples cannot evict the connections being measured.
     */
    public FlowSettings withMaxFlows(long maxFlows) {
        return new FlowSettings(Duration.ofNanos(idleTimeoutNanos), Duration.ofNanos(activeTimeoutNanos), minPackets,
                earlyRecordPackets, Duration.ofNanos(earlyRecordNanos), maxFlows).featuresOf(this);
    }

    /**
     * These settings with the features of {@code set}: {@link FeatureSet#EXTENDED} and {@link FeatureSet#CIC} keep
     * the extended plugins' state, with active/idle periods split at {@code activityTimeout} and the
     * sizes, gaps and directions of the first {@code firstPackets} packets (0 to {@value #MAX_FIRST_PACKETS}).
     */
    public FlowSettings withFeatures(FeatureSet set, Duration activityTimeout, int firstPackets) {
        if (activityTimeout.isNegative() || activityTimeout.isZero()) {
            throw new IllegalArgumentException("the activity timeout must be positive");
        }
        if (firstPackets < 0 || firstPackets > MAX_FIRST_PACKETS) {
            throw new IllegalArgumentException("the first-packet count must be 0 to " + MAX_FIRST_PACKETS);
        }
        FlowSettings copy = withMaxFlows(maxFlows); // a copy
        copy.featureSet = set;
        copy.activityTimeoutNanos = saturatedNanos(activityTimeout);
        copy.firstPackets = firstPackets;
        return copy;
    }

    /**
     * These settings for an input that never ends (Kafka, live capture, a watched directory). A flow whose first
     * packet is already behind event time (a partition that lagged, an older capture dropped in late) then ends once
     * event time has moved on by the idle timeout, instead of at the end of the input, which never comes.
     */
    public FlowSettings withUnboundedInput() {
        FlowSettings copy = withMaxFlows(maxFlows); // a copy
        copy.unboundedInput = true;
        return copy;
    }

    /**
     * These settings for a job that forwards the packets of flagged flows as they come: sources keep each IP
     * packet's frame bytes, and the flow stage hands every frame on, tagged with its flow
     * ({@link FlowAssembler#FRAMES}).
     */
    public FlowSettings withForwardedFrames() {
        FlowSettings copy = withMaxFlows(maxFlows); // a copy
        copy.forwardsFrames = true;
        return copy;
    }

    /**
     * These settings with closed TCP flows lingering for {@code linger} of capture time: after a RST, or both FINs
     * and the last ACK, the packets of the tuple that follow (the peer's last ACK, a retransmitted FIN, another RST)
     * still belong to the flow, which is emitted once the linger has passed in event time (or at its idle or active
     * deadline, whichever comes first). A SYN opening a new connection ends the lingering flow at once.
     * {@link Duration#ZERO} emits a closed flow with the packet that closed it.
     */
    public FlowSettings withTcpLinger(Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("the TCP linger must not be negative");
        }
        FlowSettings copy = withMaxFlows(maxFlows); // a copy
        copy.tcpLingerNanos = saturatedNanos(linger);
        return copy;
    }

    /**
     * These settings, also computing {@code columns} (those a model reads) beyond the feature set's: the job runs
     * the plugins that write them ({@link FeatureRegistry#layout}).
     *
     * @throws IllegalArgumentException naming the columns no plugin writes
     */
    public FlowSettings withExtraColumns(List<String> columns) {
        FlowSettings copy = withMaxFlows(maxFlows); // a copy
        copy.extraColumns = List.copyOf(columns);
        copy.layout(); // checks the columns
        return copy;
    }

    /**
     * These settings, also writing the columns of the plugins {@code plugins} (names of {@link
     * FeatureRegistry#pluginNames}) after the feature set's.
     *
     * @throws IllegalArgumentException naming a plugin this build does not have
     */
    public FlowSettings withWrittenPlugins(List<String> plugins) {
        FlowSettings copy = withMaxFlows(maxFlows); // a copy
        copy.writtenPlugins = List.copyOf(plugins);
        copy.layout(); // checks the names
        return copy;
    }

    /**
     * These settings, also computing and writing the plugins that write {@code columns} (a model's input), so that
     * every verdict's inputs are in the output beside it.
     *
     * @throws IllegalArgumentException naming the columns no plugin writes
     */
    public FlowSettings withWrittenColumns(List<String> columns) {
        java.util.Set<String> plugins = new java.util.LinkedHashSet<>(writtenPlugins);
        for (String column : columns) {
            String provider = FeatureRegistry.providerOf(column, featureConfig());
            if (provider != null) {
                plugins.add(provider);
            }
        }
        return withExtraColumns(columns).withWrittenPlugins(new ArrayList<>(plugins));
    }

    /** Takes the feature, linger and input settings of {@code other}; only on a new object. */
    private FlowSettings featuresOf(FlowSettings other) {
        featureSet = other.featureSet;
        activityTimeoutNanos = other.activityTimeoutNanos;
        firstPackets = other.firstPackets;
        unboundedInput = other.unboundedInput;
        forwardsFrames = other.forwardsFrames;
        tcpLingerNanos = other.tcpLingerNanos;
        extraColumns = other.extraColumns;
        writtenPlugins = other.writtenPlugins;
        return this;
    }

    public static FlowSettings defaults() {
        return new FlowSettings(DEFAULT_IDLE_TIMEOUT, DEFAULT_ACTIVE_TIMEOUT, 0);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    public long idleTimeoutNanos() { return idleTimeoutNanos; }
    public long activeTimeoutNanos() { return activeTimeoutNanos; }
    /** How long a closed TCP flow lingers ({@link #withTcpLinger}); 0 for not at all. */
    public long tcpLingerNanos() { return tcpLingerNanos; }
    /** Flows with fewer packets are not emitted (0: all are). */
    public int minPackets() { return minPackets; }

    /** The most flows one of {@code subtasks} flow subtasks may hold open; Long.MAX_VALUE for no limit. */
    public long maxFlowsPerSubtask(int subtasks) {
        return maxFlows == 0 ? Long.MAX_VALUE : Math.max(1, -Math.floorDiv(-maxFlows, subtasks));
    }

    public FeatureSet featureSet() { return featureSet; }
    /** Whether the input never ends ({@link #withUnboundedInput}). */
    public boolean unboundedInput() { return unboundedInput; }
    /** Whether the job forwards frames as they come ({@link #withForwardedFrames}). */
    public boolean forwardsFrames() { return forwardsFrames; }
    public long activityTimeoutNanos() { return activityTimeoutNanos; }
    /** How many first packets a flow keeps the sizes, gaps and directions of (extended and CIC sets). */
    public int firstPackets() { return firstPackets; }

    /** The options of the plugins that take some. */
    public FeatureConfig featureConfig() {
        return new FeatureConfig(firstPackets, activityTimeoutNanos);
    }

    /** The plugins a flow keeps, and the columns of its record: the feature set's and the extra columns'. */
    public FeatureLayout layout() {
        if (layout == null) {
            layout = FeatureRegistry.layout(featureSet, writtenPlugins, extraColumns, featureConfig());
        }
        return layout;
    }

    /** A new, empty flow state for these settings. */
    public FlowAccumulator newAccumulator() {
        return new FlowAccumulator(layout());
    }

    /** Whether a flow open with this many packets, lasting this long, is due its early record. */
    public boolean earlyRecordDue(long packets, long durationNanos) {
        return (earlyRecordPackets > 0 && packets >= earlyRecordPackets)
                || (earlyRecordNanos > 0 && durationNanos >= earlyRecordNanos);
    }
}
