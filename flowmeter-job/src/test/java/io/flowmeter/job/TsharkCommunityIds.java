package io.flowmeter.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Community IDs that tshark's own dissector ({@code communityid}, off by default) computes for the packets of a
 * capture: those of TCP and UDP packets, and those of ICMP and ICMPv6 messages (error messages quoting a TCP or UDP
 * header count as ICMP, their outer protocol).
 */
final class TsharkCommunityIds {

    final Set<String> tcpAndUdp = new TreeSet<>();
    final Set<String> icmp = new TreeSet<>();

    private TsharkCommunityIds() {}

    /** Runs tshark on {@code capture} (tshark must be installed: {@code .ci/run} installs it). */
    static TsharkCommunityIds of(Path capture, Path scratch) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "tshark-", ".tsv");
        Process tshark = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "--enable-protocol",
                "communityid", "-T", "fields", "-E", "separator=/t", "-e", "icmp.type", "-e", "icmpv6.type",
                "-e", "tcp.srcport", "-e", "udp.srcport", "-e", "communityid")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(tshark.waitFor(5, TimeUnit.MINUTES)).as("tshark on " + capture).isTrue();
        assertThat(tshark.exitValue()).as("tshark's exit status on " + capture).isZero();
        TsharkCommunityIds ids = new TsharkCommunityIds();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            String id = f[4];
            if (id.isEmpty()) {
                continue;
            }
            // a packet may carry several IDs (a tunnel, a quoted header): the first is the outer flow's
            String outer = id.split(",")[0];
            if (!f[0].isEmpty() || !f[1].isEmpty()) {
                ids.icmp.add(outer);
            } else if (!f[2].isEmpty() || !f[3].isEmpty()) {
                ids.tcpAndUdp.add(outer);
            }
        }
        Files.delete(out);
        return ids;
    }
}
