package io.flowmeter.pcap.live;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.metrics.MetricGroup;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Captures on this reader's interfaces (for a rule's split, the interface the rule picks on this host), in the
 * source's fetcher thread: each fetch drains what libpcap has buffered on every interface, pausing briefly when none
 * had anything, and about once a second reads libpcap's counters into the reader's metrics. With a capture
 * duration, an interface whose time is up is drained, its counters read a last time, its handle closed and its split
 * finished.
 */
final class InterfaceSplitReader implements SplitReader<LiveFrame, InterfaceSplit> {

    private static final int MAX_FRAMES_PER_FETCH = 4096;
    private static final long STATS_INTERVAL_NANOS = 1_000_000_000L;
    /** The pause when no interface had a packet: the added latency, against a core spent spinning. */
    private static final long QUIET_PAUSE_MILLIS = 5;

    private final LiveCaptureSettings settings;
    private final MetricGroup metrics;
    private final List<Capture> captures = new ArrayList<>();
    private long nextStatsAt = System.nanoTime();

    InterfaceSplitReader(LiveCaptureSettings settings, MetricGroup metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<LiveFrame> fetch() throws IOException {
        RecordsBySplits.Builder<LiveFrame> frames = new RecordsBySplits.Builder<>();
        try {
            int captured = 0;
            for (Capture capture : captures) {
                captured += capture.drainInto(frames);
            }
            if (finishExpired(frames)) {
                return frames.build();
            }
            if (captured == 0) {
                pause();
            }
            if (System.nanoTime() - nextStatsAt >= 0) {
                nextStatsAt = System.nanoTime() + STATS_INTERVAL_NANOS;
                for (Capture capture : captures) {
                    capture.counters.update(capture.handle.getStats());
                }
            }
        } catch (NotOpenException | PcapNativeException e) {
            throw new IOException("live capture failed: " + e.getMessage(), e);
        }
        return frames.build();
    }

    /** System.nanoTime() at which an interface opened now stops capturing; Long.MAX_VALUE for never. */
    private long endOfCapture() {
        if (!settings.bounded() || settings.duration().compareTo(Duration.ofDays(365L * 100)) > 0) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + settings.duration().toNanos();
    }

    /** Finishes the interfaces whose capture time is up; returns whether any was. */
    private boolean finishExpired(RecordsBySplits.Builder<LiveFrame> frames)
            throws NotOpenException, PcapNativeException {
        boolean any = false;
        Iterator<Capture> it = captures.iterator();
        while (it.hasNext()) {
            Capture capture = it.next();
            if (capture.endsAtNanos == Long.MAX_VALUE || System.nanoTime() - capture.endsAtNanos < 0) {
                continue;
            }
            capture.counters.update(capture.handle.getStats());
            capture.handle.close();
            frames.addFinishedSplit(capture.splitId);
            it.remove();
            any = true;
        }
        return any;
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(QUIET_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while capturing", e);
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<InterfaceSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("interfaces are only ever added: " + change);
        }
        for (InterfaceSplit split : change.splits()) {
            try {
                String device = InterfaceRule.resolve(split.interfaceName());
                captures.add(new Capture(split.splitId(), LiveCaptureHandles.open(device, settings),
                        new InterfaceCounters(metrics, device), endOfCapture()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void wakeUp() {
        // A fetch never blocks for longer than its short pause anyway.
    }

    @Override
    public void close() {
        for (Capture capture : captures) {
            capture.handle.close();
        }
        captures.clear();
    }

    /** One open interface. */
    private static final class Capture {
        final String splitId;
        final PcapHandle handle;
        final InterfaceCounters counters;
        final int linkType;
        /** System.nanoTime() at which capture stops; Long.MAX_VALUE: never. */
        final long endsAtNanos;

        Capture(String splitId, PcapHandle handle, InterfaceCounters counters, long endsAtNanos) {
            this.splitId = splitId;
            this.handle = handle;
            this.counters = counters;
            this.linkType = handle.getDlt().value();
            this.endsAtNanos = endsAtNanos;
        }

        /** @return how many frames were added */
        int drainInto(RecordsBySplits.Builder<LiveFrame> frames) throws NotOpenException {
            for (int i = 0; i < MAX_FRAMES_PER_FETCH; i++) {
                byte[] data = handle.getNextRawPacket();
                if (data == null) {
                    return i;
                }
                Timestamp ts = handle.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                Integer originalLength = handle.getOriginalLength();
                frames.add(splitId, new LiveFrame(data, originalLength != null ? originalLength : data.length, nanos,
                        linkType));
            }
            return MAX_FRAMES_PER_FETCH;
        }
    }
}
