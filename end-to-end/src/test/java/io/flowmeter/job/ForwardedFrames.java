package io.flowmeter.job;

import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.Packet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Forwarded frames as comparable lines (capture time in nanoseconds, wire length, bytes), read from the pcap files
 * that {@code --forward-pcap} writes by libpcap (pcap4j), so that the files are checked by a reader that shares no
 * code with the writer.
 */
final class ForwardedFrames {

    private ForwardedFrames() {}

    /** Every frame of every {@code .pcap} file under {@code dir} (its subdirectories too), sorted. */
    static List<String> inPcaps(Path dir) throws Exception {
        List<Path> pcaps;
        try (Stream<Path> files = Files.walk(dir)) {
            pcaps = files.filter(f -> f.getFileName().toString().endsWith(".pcap")
                    && !f.getFileName().toString().startsWith(".")).collect(Collectors.toList());
        }
        List<String> frames = new ArrayList<>();
        for (Path pcap : pcaps) {
            PcapHandle handle = Pcaps.openOffline(pcap.toString(), PcapHandle.TimestampPrecision.NANO);
            try {
                Packet packet;
                while ((packet = handle.getNextPacket()) != null) {
                    Timestamp ts = handle.getTimestamp();
                    long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                    frames.add(line(nanos, handle.getOriginalLength(), packet.getRawData()));
                }
            } finally {
                handle.close();
            }
        }
        return frames.stream().sorted().collect(Collectors.toList());
    }

    /** One frame as a comparable line. */
    static String line(long nanos, int wireLength, byte[] bytes) {
        return nanos + " " + wireLength + " " + Base64.getEncoder().encodeToString(bytes);
    }
}
