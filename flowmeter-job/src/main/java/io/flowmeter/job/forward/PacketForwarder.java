package io.flowmeter.job.forward;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.pcap.capture.CaptureFileReader;
import io.flowmeter.pcap.capture.CaptureFiles;
import io.flowmeter.pcap.capture.CaptureFormatException;
import io.flowmeter.pcap.capture.CapturedFrame;
import io.flowmeter.pcap.decode.PacketDecoder;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --forward-pcap DIR} for captures read once: after the job, reads each capture again and writes the frames
 * of the flagged flows ({@link FlaggedFlows}) to {@code DIR/<capture>.flagged.pcap}, in capture order, with their
 * original bytes, lengths and timestamps. A second pass costs a read of the captures (the fastest part of the job)
 * and keeps the flow job free of packet bytes, which it never carries. A capture with no flagged packet gets no
 * file; one whose link type changes midway gets a file per link type ({@code -linktype<N>} added to its name).
 */
public final class PacketForwarder {

    /** Subdirectory of the forward directory where the job writes its forward index. */
    public static final String INDEX = "_index";

    private PacketForwarder() {}

    /** What one forwarding pass did. */
    public static final class Result {
        public long packetsRead;
        public long bytesRead;
        public long forwardedPackets;
        public long forwardedBytes;
        public int flaggedFlows;
        /** Flagged flows whose forwarded packets or bytes are not those of the flow's record. */
        public int incompleteFlows;
        public final List<Path> files = new ArrayList<>();
        public final List<String> problems = new ArrayList<>();
    }

    /** Forwards the flagged flows indexed under {@code directory/_index} from {@code captures} to {@code directory}. */
    public static Result forward(List<Path> captures, Path directory) throws IOException {
        FlaggedFlows flagged = FlaggedFlows.read(directory.resolve(INDEX));
        Result result = new Result();
        result.flaggedFlows = flagged.count();
        Set<String> names = new HashSet<>();
        PacketDecoder decoder = new PacketDecoder();
        CapturedFrame frame = new CapturedFrame();
        PacketRecord packet = new PacketRecord();
        for (Path capture : captures) {
            String stem = uniqueStem(capture, names);
            PcapWriter writer = null;
            List<PcapWriter> writers = new ArrayList<>();
            try (InputStream in = CaptureFiles.decompressed(capture.toString(),
                    new BufferedInputStream(Files.newInputStream(capture), 1 << 16))) {
                CaptureFileReader reader = CaptureFiles.open(capture.toString(), in);
                while (reader.next(frame)) {
                    result.packetsRead++;
                    result.bytesRead += frame.wireLength();
                    decoder.decode(frame, packet);
                    if (packet.getKind() != PacketKind.IP) {
                        continue;
                    }
                    FlaggedFlows.Flagged flow = flagged.of(packet);
                    if (flow == null) {
                        continue;
                    }
                    if (writer == null || writer.linkType() != frame.linkType()) {
                        writer = writerFor(writers, directory, stem, frame.linkType(), result);
                    }
                    writer.write(frame);
                    flow.forwardedPackets++;
                    flow.forwardedBytes += packet.getWireLength();
                    result.forwardedPackets++;
                    result.forwardedBytes += frame.wireLength();
                }
            } catch (CaptureFormatException e) {
                // the job reported it too; the frames before the defect are forwarded
                result.problems.add(e.getMessage());
            } finally {
                for (PcapWriter w : writers) {
                    w.close();
                }
            }
        }
        for (FlaggedFlows.Flagged flow : flagged.all()) {
            if (!flow.complete()) {
                result.incompleteFlows++;
            }
        }
        return result;
    }

    private static PcapWriter writerFor(List<PcapWriter> writers, Path directory, String stem, int linkType,
            Result result) throws IOException {
        for (PcapWriter w : writers) {
            if (w.linkType() == linkType) {
                return w;
            }
        }
        Path file = directory.resolve(stem + (writers.isEmpty() ? "" : "-linktype" + linkType) + ".flagged.pcap");
        PcapWriter w = new PcapWriter(file, linkType);
        writers.add(w);
        result.files.add(file);
        return w;
    }

    /** The capture's name without its capture and compression suffixes, numbered when another had it. */
    private static String uniqueStem(Path capture, Set<String> taken) {
        String name = capture.getFileName().toString().replaceAll("(\\.gz)$", "")
                .replaceAll("\\.(pcapng|pcap|cap|dmp)(\\.\\d+)?$", "$2");
        String stem = name;
        for (int n = 2; !taken.add(stem); n++) {
            stem = name + "-" + n;
        }
        return stem;
    }
}
