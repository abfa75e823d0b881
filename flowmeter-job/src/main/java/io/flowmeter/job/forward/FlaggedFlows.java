package io.flowmeter.job.forward;

import io.flowmeter.flow.FlowKey;
import io.flowmeter.job.sink.FlowColumns;
import io.flowmeter.packet.IpAddresses;
import io.flowmeter.packet.PacketRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The flows to forward, read back from the forward index that the job wrote ({@link FlowColumns#forwardIndex}):
 * per flow key the flagged flows' time spans, with the packets and bytes each should have. A packet belongs to a
 * flagged flow when its key is the flow's and its time lies within the flow's first and last packet's.
 */
final class FlaggedFlows {

    /** One flagged flow, and what the forwarder found of it. */
    static final class Flagged {
        final long startNs;
        final long endNs;
        final long packets;
        final long bytes;
        final String communityId;
        long forwardedPackets;
        long forwardedBytes;

        Flagged(long startNs, long endNs, long packets, long bytes, String communityId) {
            this.startNs = startNs;
            this.endNs = endNs;
            this.packets = packets;
            this.bytes = bytes;
            this.communityId = communityId;
        }

        boolean complete() {
            return forwardedPackets == packets && forwardedBytes == bytes;
        }
    }

    private static final int FILTER_BITS = 1 << 22;

    private final Map<FlowKey, List<Flagged>> byKey = new HashMap<>();
    /** Key hashes of the flagged flows: most packets belong to none, and are passed by without making a key. */
    private final BitSet keyHashes = new BitSet(FILTER_BITS);
    private int count;

    /**
     * The flows of the CSV files in {@code index} (files whose name starts with "." are in-progress parts); none
     * when the directory is missing: the sink makes it with its first part file, so a run that flagged no flow
     * leaves none.
     */
    static FlaggedFlows read(Path index) throws IOException {
        FlaggedFlows flows = new FlaggedFlows();
        if (!Files.isDirectory(index)) {
            return flows;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(index)) {
            files = listed.filter(f -> !f.getFileName().toString().startsWith(".")).sorted()
                    .collect(Collectors.toList());
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = Arrays.asList(lines.get(0).split(",", -1));
            if (!header.equals(FlowColumns.FORWARD_INDEX)) {
                throw new IOException(file + ": not a forward index (header " + header + ")");
            }
            for (int i = 1; i < lines.size(); i++) {
                flows.add(file, i + 1, lines.get(i).split(",", -1));
            }
        }
        return flows;
    }

    private void add(Path file, int line, String[] f) {
        try {
            PacketRecord p = new PacketRecord();
            p.setProtocol(Integer.parseInt(f[0]));
            setAddresses(p, f[1], f[3]);
            p.setSrcPort(Integer.parseInt(f[2]));
            p.setDstPort(Integer.parseInt(f[4]));
            FlowKey key = FlowKey.of(p);
            byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Flagged(Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), f[9]));
            keyHashes.set(FlowKey.hashOf(p) & (FILTER_BITS - 1));
            count++;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " line " + line + ": bad forward index row: " + e.getMessage(), e);
        }
    }

    private static void setAddresses(PacketRecord p, String src, String dst) {
        long[] s = IpAddresses.parse(src);
        long[] d = IpAddresses.parse(dst);
        p.setIpVersion(src.indexOf(':') >= 0 ? 6 : 4);
        p.setSrc(s[0], s[1]);
        p.setDst(d[0], d[1]);
    }

    /** The flagged flow {@code p} belongs to, or null. */
    Flagged of(PacketRecord p) {
        if (!keyHashes.get(FlowKey.hashOf(p) & (FILTER_BITS - 1))) {
            return null;
        }
        List<Flagged> flows = byKey.get(FlowKey.of(p));
        if (flows == null) {
            return null;
        }
        long ts = p.getTimestampNanos();
        for (Flagged flow : flows) {
            if (ts >= flow.startNs && ts <= flow.endNs) {
                return flow;
            }
        }
        return null;
    }

    int count() {
        return count;
    }

    /** Every flagged flow. */
    List<Flagged> all() {
        List<Flagged> all = new ArrayList<>(count);
        byKey.values().forEach(all::addAll);
        return all;
    }
}
