package io.flowmeter.job.cli;

import io.flowmeter.flow.EndReason;
import io.flowmeter.job.ScoreAccounting;
import io.flowmeter.job.forward.FrameForwarder;
import io.flowmeter.job.forward.PacketForwarder;
import io.flowmeter.jobs.CaptureAccounting;
import io.flowmeter.jobs.labels.GroundTruth;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The report printed when a run ends: files, packets, non-IP packets, flows, corrupt files, time, speed. */
final class RunSummary {

    private RunSummary() {}

    static void printScoring(PrintStream out, RunStatistics stats, double threshold, String alertsDirectory) {
        long flows = stats.flows();
        double bytes = stats.decimal(ScoreAccounting.SCORED_BYTES);
        double flaggedBytes = stats.decimal(ScoreAccounting.FLAGGED_BYTES);
        out.printf(Locale.ROOT, "  flagged   %,d of %,d flows (%.2f%%), %,.0f of %,.0f bytes (%.2f%%) at threshold %.6f;"
                        + " alerts in %s%n", stats.count(ScoreAccounting.FLAGGED_FLOWS), flows,
                flows == 0 ? 0.0 : 100.0 * stats.count(ScoreAccounting.FLAGGED_FLOWS) / flows, flaggedBytes, bytes,
                bytes == 0 ? 0.0 : 100 * flaggedBytes / bytes, threshold, alertsDirectory);
    }

    static void printForwarding(PrintStream out, PacketForwarder.Result r, java.nio.file.Path directory) {
        out.printf(Locale.ROOT, "  forwarded %,d of %,d packets (%.2f%%), %,d of %,d bytes (%.2f%%): the %,d flagged"
                        + " flows, in %d files in %s%n", r.forwardedPackets, r.packetsRead,
                share(r.forwardedPackets, r.packetsRead), r.forwardedBytes, r.bytesRead,
                share(r.forwardedBytes, r.bytesRead), r.flaggedFlows, r.files.size(), directory);
    }

    /** The forwarded share of a continuous input, from the forwarding stage's counters ({@link FrameForwarder}). */
    static void printFrameForwarding(PrintStream out, RunStatistics stats) {
        long packets = stats.packets();
        long bytes = stats.count(CaptureAccounting.PACKET_BYTES);
        long forwarded = stats.count(FrameForwarder.FORWARDED_PACKETS);
        long forwardedBytes = stats.count(FrameForwarder.FORWARDED_BYTES);
        out.printf(Locale.ROOT, "  forwarded %,d of %,d packets (%.2f%%), %,d of %,d bytes (%.2f%%); %,d packets of"
                        + " flagged flows did not fit the buffer, %,d unscored flows forwarded (--forward-all-after)%n",
                forwarded, packets, share(forwarded, packets), forwardedBytes, bytes, share(forwardedBytes, bytes),
                stats.count(FrameForwarder.OVERFLOW_PACKETS), stats.count(FrameForwarder.UNSCORED_FLOWS));
        out.printf(Locale.ROOT, "  buffer    at most %,d frames, %s captured bytes (largest subtask); %,d flows never"
                        + " got a verdict%n", stats.count(FrameForwarder.PEAK_BUFFERED_PACKETS),
                ProgressReporter.megabytes(stats.count(FrameForwarder.PEAK_BUFFERED_BYTES)),
                stats.count(FrameForwarder.UNVERDICTED_FLOWS));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : 100.0 * part / whole;
    }

    static void printLabels(PrintStream out, RunStatistics stats, GroundTruth truth) {
        long unlabelled = stats.count(GroundTruth.UNLABELLED_FLOWS);
        out.printf(Locale.ROOT, "  labels    %,d malicious, %,d benign; %,d flows matched no rule of %s%s%n",
                stats.count(GroundTruth.MALICIOUS_FLOWS), stats.count(GroundTruth.BENIGN_FLOWS), unlabelled,
                truth.rules().file(), unlabelled == 0 ? "" : truth.unlabelled() == GroundTruth.Unlabelled.DROP
                        ? " (not written: --unlabelled drop)" : " (labelled benign)");
    }

    static void print(PrintStream out, RunStatistics stats, List<String> inputProblems, String outputDirectory,
            long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double processing = stats.processingSeconds();
        out.printf(Locale.ROOT, "FlowMeter finished in %.1f s (%.2f s from the first packet to the last flow, %,.0f"
                + " packets/s)%n", seconds, processing, processing > 0 ? stats.packets() / processing : 0.0);
        out.printf(Locale.ROOT, "  files     %,d read, %,d corrupt, %,d inputs not found or unreadable%n",
                stats.filesRead(), stats.filesCorrupt(), inputProblems.size());
        out.printf(Locale.ROOT, "  packets   %,d (non-IP %,d, malformed IP %,d), %,.0f packets/s%n",
                stats.packets(), stats.nonIpPackets(), stats.malformedPackets(),
                seconds > 0 ? stats.packets() / seconds : 0.0);
        StringBuilder reasons = new StringBuilder();
        for (EndReason reason : EndReason.values()) {
            if (!reason.isFinal()) {
                continue;
            }
            reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.label()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", stats.flows(reason)));
        }
        out.printf(Locale.ROOT, "  flows     %,d written to %s (%s)%n", stats.flows(), outputDirectory, reasons);
        if (stats.flows(EndReason.PARTIAL) > 0) {
            out.printf(Locale.ROOT, "            %,d early records (endReason partial) of flows still open%n",
                    stats.flows(EndReason.PARTIAL));
        }
        if (stats.flowsBelowMinPackets() > 0) {
            out.printf(Locale.ROOT, "            %,d flows below --min-packets not written%n",
                    stats.flowsBelowMinPackets());
        }
        if (!inputProblems.isEmpty() || !stats.corruptFileErrors().isEmpty()) {
            out.println("  problems:");
            inputProblems.forEach(problem -> out.println("    " + problem));
            stats.corruptFileErrors().forEach(error -> out.println("    " + error));
        }
    }
}
