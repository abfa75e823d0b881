package io.flowmeter.pcap.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Hands out capture files in the order of their first frame's time ({@link CaptureTimeOrder}), so that event time
 * keeps moving forward and flows expire on the way instead of all at the end of input.
 */
public final class TimeOrderSplitAssigner implements FileSplitAssigner {

    private final TreeSet<FileSourceSplit> remaining = new TreeSet<>(new CaptureTimeOrder().splits());

    public TimeOrderSplitAssigner(Collection<FileSourceSplit> splits) {
        remaining.addAll(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(@Nullable String hostname) {
        return Optional.ofNullable(remaining.pollFirst());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> splits) {
        remaining.addAll(splits);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(remaining);
    }
}
