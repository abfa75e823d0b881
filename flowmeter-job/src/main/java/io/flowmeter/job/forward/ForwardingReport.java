package io.flowmeter.job.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code DIR/_forwarding.json}: what {@code --forward-pcap} sent on to deep inspection, for scripts and dashboards:
 * {@code forwardedPackets} and {@code forwardedBytes} against the packets and bytes (wire lengths) of the captures,
 * their shares, the flagged flows, and the files written.
 */
public final class ForwardingReport {

    public static final String NAME = "_forwarding.json";

    private ForwardingReport() {}

    public static void write(Path directory, PacketForwarder.Result r) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        report.put("flaggedFlows", r.flaggedFlows);
        report.put("incompleteFlows", r.incompleteFlows);
        report.put("packetsRead", r.packetsRead);
        report.put("bytesRead", r.bytesRead);
        report.put("forwardedPackets", r.forwardedPackets);
        report.put("forwardedBytes", r.forwardedBytes);
        report.put("forwardedPacketShare", r.packetsRead == 0 ? 0.0 : (double) r.forwardedPackets / r.packetsRead);
        report.put("forwardedByteShare", r.bytesRead == 0 ? 0.0 : (double) r.forwardedBytes / r.bytesRead);
        r.files.forEach(f -> report.withArray("files").add(f.getFileName().toString()));
        r.problems.forEach(p -> report.withArray("captureProblems").add(p));
        Files.write(directory.resolve(NAME), json.writeValueAsBytes(report));
    }
}
