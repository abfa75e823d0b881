package io.flowmeter.pcap.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Hands out capture files in path order. Rotated captures ({@code tcpdump -G/-C}, Zeek, Arkime) are named in
 * time order, so reading them in that order keeps event time moving forward and lets flows expire on the way
 * instead of all at the end of input.
 */
public final class PathOrderSplitAssigner implements FileSplitAssigner {

    private static final Comparator<FileSourceSplit> BY_PATH =
            Comparator.comparing((FileSourceSplit s) -> s.path().toString()).thenComparing(FileSourceSplit::splitId);

    private final TreeSet<FileSourceSplit> remaining = new TreeSet<>(BY_PATH);

    public PathOrderSplitAssigner(Collection<FileSourceSplit> splits) {
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
