package io.flowmeter.job.cli;

import io.flowmeter.jobs.cli.Usage;
import io.flowmeter.pcap.live.InterfaceRule;
import io.flowmeter.pcap.live.LiveCaptureHandles;
import io.flowmeter.pcap.live.LiveCaptureSettings;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The live source: network interfaces to capture on. */
final class InterfaceOptions {

    @Option(names = "--interface", paramLabel = "NAME",
            description = "Capture live on this network interface (repeatable) instead of reading captures; needs"
                    + " libpcap and the right to capture (root or CAP_NET_RAW). Runs until cancelled. "
                    + InterfaceRule.DEFAULT_ROUTE + ": the interface of the default route; run here, this host's;"
                    + " on a cluster, every subtask captures its own TaskManager host's (one TaskManager per host).")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--bpf", paramLabel = "EXPR",
            description = "With --interface: capture only packets that match this filter (tcpdump syntax).")
    String bpf;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "" + LiveCaptureSettings.DEFAULT_SNAPLEN,
            description = "With --interface: keep at most this much of each frame; statistics use the length on the"
                    + " wire all the same. Default: ${DEFAULT-VALUE}.")
    int snaplen = LiveCaptureSettings.DEFAULT_SNAPLEN;

    @Option(names = "--promiscuous", description = "With --interface: capture in promiscuous mode.")
    boolean promiscuous;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "With --interface: capture for this long, then end the open flows (endReason eof), print"
                    + " the summary and exit. Default: until cancelled.")
    Double durationSeconds;

    boolean given() {
        return !interfaces.isEmpty();
    }

    /** Whether options that only go with --interface were given. */
    boolean captureOptionsGiven() {
        return bpf != null || promiscuous || durationSeconds != null;
    }

    /**
     * The capture settings, checked; with {@code checkHere} (the job's tasks run in this JVM) a lone interface rule
     * is resolved to this host's interface, and every interface is opened once to report a problem now.
     */
    LiveCaptureSettings settings(Usage usage, boolean checkHere) {
        LiveCaptureSettings settings;
        try {
            settings = new LiveCaptureSettings(checkHere ? resolvedHere(interfaces) : interfaces, bpf, snaplen,
                    promiscuous);
        } catch (IllegalArgumentException | IOException e) {
            // LiveCaptureSettings checks the length too; the command line names the option
            throw usage.error(snaplen <= 0 ? "--snaplen must be positive, got " + snaplen
                    : "--interface: " + e.getMessage());
        }
        if (durationSeconds != null) {
            settings = settings.withDuration(usage.seconds("--duration", durationSeconds, false));
        }
        if (!checkHere) {
            return settings;
        }
        try {
            LiveCaptureHandles.check(settings);
        } catch (IOException | LinkageError e) {
            // LinkageError: libpcap itself is missing (pcap4j binds to it through JNA).
            throw usage.error("--interface: " + e.getMessage());
        }
        return settings;
    }

    /** Run here, the job has one host: a lone rule is this host's interface, captured once. */
    private static List<String> resolvedHere(List<String> interfaces) throws IOException {
        return interfaces.size() == 1 ? List.of(InterfaceRule.resolve(interfaces.get(0))) : interfaces;
    }
}
