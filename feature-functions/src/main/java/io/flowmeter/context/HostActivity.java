package io.flowmeter.context;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

import javax.annotation.Nullable;

/**
 * What one host did in one role, as a compact streaming summary over the starts of its flows: exponentially
 * damped counts (flow starts over 1, 10 and 60 s; unanswered, refused and reset flows; bytes sent and received),
 * HyperLogLog sketches of its distinct peers and ports in the current and the previous 60-second window, and its
 * latest flow starts (up to 32, of the last 5 minutes). Its size does not depend on how many flows the host had.
 *
 * <p>Damped sums are kept at the latest flow start seen ({@link #latestStartNanos}); a flow that started earlier
 * adds its weight damped by how much earlier, so the sums depend only on which flows were added, not on their order.
 */
public final class HostActivity {

    static final long SECOND = 1_000_000_000L;
    /** Time constants of the flow-start rates, in nanoseconds. */
    static final long[] RATE_TIME_CONSTANTS = {SECOND, 10 * SECOND, 60 * SECOND};
    static final long SHARE_TIME_CONSTANT = 60 * SECOND;
    static final long BYTES_TIME_CONSTANT = 10 * SECOND;
    static final long DISTINCT_WINDOW = 60 * SECOND;
    static final int RECENT_STARTS = 32;
    /** How far back the recent starts go: a gap of hours between two bursts is no irregularity of either. */
    static final long RECENT_HORIZON = 300 * SECOND;
    /** HyperLogLog precision: 2^10 buckets, about 3 % relative error, at most about 600 bytes a sketch. */
    static final int LG_K = 10;
    static final TgtHllType SKETCH_TYPE = TgtHllType.HLL_4;

    static final int UNANSWERED = 0;
    static final int REFUSED = 1;
    static final int RESET = 2;

    long latestStartNanos = Long.MIN_VALUE;
    /** Damped flow starts, one per {@link #RATE_TIME_CONSTANTS}. */
    final double[] starts = new double[RATE_TIME_CONSTANTS.length];
    /** Damped flows, and of them the unanswered, refused and reset ones. */
    double flows;
    final double[] outcomes = new double[3];
    double bytesSent;
    double bytesReceived;
    /** The 60-second window {@link #latestStartNanos} falls in, and the sketches of it and the one before. */
    long window;
    @Nullable HllSketch peers;
    @Nullable HllSketch previousPeers;
    @Nullable HllSketch ports;
    @Nullable HllSketch previousPorts;
    /** The latest flow starts, ascending. */
    final long[] recentStarts = new long[RECENT_STARTS];
    int recentCount;

    /**
     * Adds one flow that started at {@code startNanos}.
     *
     * @param outcome whether the flow was unanswered, refused and reset, indexed by {@link #UNANSWERED} etc.
     */
    public void add(long startNanos, boolean[] outcome, double sent, double received, String peer, int port) {
        advanceTo(startNanos);
        long age = latestStartNanos - startNanos;
        for (int i = 0; i < starts.length; i++) {
            starts[i] += damping(age, RATE_TIME_CONSTANTS[i]);
        }
        double shareWeight = damping(age, SHARE_TIME_CONSTANT);
        flows += shareWeight;
        for (int i = 0; i < outcomes.length; i++) {
            if (outcome[i]) {
                outcomes[i] += shareWeight;
            }
        }
        double bytesWeight = damping(age, BYTES_TIME_CONSTANT);
        bytesSent += sent * bytesWeight;
        bytesReceived += received * bytesWeight;
        long flowWindow = Math.floorDiv(startNanos, DISTINCT_WINDOW);
        if (flowWindow == window) {
            peers = updated(peers, peer);
            ports = updated(ports, port);
        } else if (flowWindow == window - 1) {
            previousPeers = updated(previousPeers, peer);
            previousPorts = updated(previousPorts, port);
        }
        addRecentStart(startNanos);
    }

    /** Moves the reference time forward to {@code nanos} (if later), damping the sums and turning the windows. */
    private void advanceTo(long nanos) {
        if (latestStartNanos == Long.MIN_VALUE) {
            latestStartNanos = nanos;
            window = Math.floorDiv(nanos, DISTINCT_WINDOW);
            return;
        }
        if (nanos <= latestStartNanos) {
            return;
        }
        long step = nanos - latestStartNanos;
        for (int i = 0; i < starts.length; i++) {
            starts[i] *= damping(step, RATE_TIME_CONSTANTS[i]);
        }
        double shareDamping = damping(step, SHARE_TIME_CONSTANT);
        flows *= shareDamping;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] *= shareDamping;
        }
        double bytesDamping = damping(step, BYTES_TIME_CONSTANT);
        bytesSent *= bytesDamping;
        bytesReceived *= bytesDamping;
        latestStartNanos = nanos;
        long newWindow = Math.floorDiv(nanos, DISTINCT_WINDOW);
        if (newWindow != window) {
            boolean adjacent = newWindow == window + 1;
            previousPeers = adjacent ? peers : null;
            previousPorts = adjacent ? ports : null;
            peers = null;
            ports = null;
            window = newWindow;
        }
    }

    private static double damping(long nanos, long timeConstant) {
        return Math.exp(-(double) nanos / timeConstant);
    }

    private static HllSketch updated(@Nullable HllSketch sketch, String value) {
        HllSketch s = sketch != null ? sketch : new HllSketch(LG_K, SKETCH_TYPE);
        s.update(value);
        return s;
    }

    private static HllSketch updated(@Nullable HllSketch sketch, long value) {
        HllSketch s = sketch != null ? sketch : new HllSketch(LG_K, SKETCH_TYPE);
        s.update(value);
        return s;
    }

    private void addRecentStart(long startNanos) {
        int at;
        if (recentCount < RECENT_STARTS) {
            at = recentCount++;
        } else if (startNanos > recentStarts[0]) {
            System.arraycopy(recentStarts, 1, recentStarts, 0, RECENT_STARTS - 1);
            at = RECENT_STARTS - 1;
        } else {
            return;
        }
        while (at > 0 && recentStarts[at - 1] > startNanos) {
            recentStarts[at] = recentStarts[at - 1];
            at--;
        }
        recentStarts[at] = startNanos;
        int old = 0;
        while (old < recentCount && recentStarts[old] < latestStartNanos - RECENT_HORIZON) {
            old++;
        }
        if (old > 0) {
            System.arraycopy(recentStarts, old, recentStarts, 0, recentCount - old);
            recentCount -= old;
        }
    }

    /** Writes the host's eleven context values ({@link HostRole#columns}) to {@code values} from {@code offset}. */
    public void write(double[] values, int offset) {
        int k = offset;
        for (int i = 0; i < starts.length; i++) {
            values[k++] = starts[i] * SECOND / RATE_TIME_CONSTANTS[i];
        }
        values[k++] = distinct(peers, previousPeers);
        values[k++] = distinct(ports, previousPorts);
        for (double outcome : outcomes) {
            values[k++] = flows > 0 ? Math.min(1.0, outcome / flows) : 0.0;
        }
        values[k++] = bytesSent * SECOND / BYTES_TIME_CONSTANT;
        values[k++] = bytesReceived * SECOND / BYTES_TIME_CONSTANT;
        values[k] = startIntervalCv();
    }

    /**
     * Distinct values of the last 60 s: the current window's, plus the previous window's in proportion to the
     * part of it that is still less than 60 s old (the sliding-window estimate of rate limiters).
     */
    private double distinct(@Nullable HllSketch current, @Nullable HllSketch previous) {
        double now = current == null ? 0 : current.getEstimate();
        if (previous == null) {
            return now;
        }
        double elapsed = (latestStartNanos - window * DISTINCT_WINDOW) / (double) DISTINCT_WINDOW;
        return now + previous.getEstimate() * Math.max(0.0, 1.0 - elapsed);
    }

    private double startIntervalCv() {
        int gaps = recentCount - 1;
        if (gaps < 2) {
            return 0.0;
        }
        double mean = (double) (recentStarts[recentCount - 1] - recentStarts[0]) / gaps;
        if (mean <= 0) {
            return 0.0;
        }
        double squares = 0;
        for (int i = 1; i < recentCount; i++) {
            double d = (recentStarts[i] - recentStarts[i - 1]) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / gaps) / mean;
    }
}
