package io.flowmeter.pcap.source;

import org.apache.flink.connector.file.src.FileSourceSplit;

/**
 * The shard of a capture file a split stands for: subtask {@code index} of {@code count} reading the whole file
 * and keeping its own packets. Encoded in the split id ({@code <file id>@<index>/<count>}), so that Flink's own
 * file split, its serializer and its checkpoints carry it unchanged.
 */
final class CaptureShard {

    final int index;
    final int count;

    private CaptureShard(int index, int count) {
        this.index = index;
        this.count = count;
    }

    static FileSourceSplit split(FileSourceSplit file, int index, int count) {
        return new FileSourceSplit(file.splitId() + "@" + index + "/" + count, file.path(), file.offset(),
                file.length(), file.fileModificationTime(), file.fileSize(), file.hostnames());
    }

    /** The shard of a split, or null for a split that is read whole by one subtask. */
    static CaptureShard of(FileSourceSplit split) {
        String id = split.splitId();
        int at = id.lastIndexOf('@');
        int slash = id.lastIndexOf('/');
        if (at < 0 || slash < at) {
            return null;
        }
        return new CaptureShard(Integer.parseInt(id.substring(at + 1, slash)), Integer.parseInt(id.substring(slash + 1)));
    }
}
