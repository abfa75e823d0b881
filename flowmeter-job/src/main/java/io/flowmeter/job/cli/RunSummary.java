package io.flowmeter.job.cli;

import io.flowmeter.flow.EndReason;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The report printed when a run ends: files, packets, non-IP packets, flows, corrupt files, time, speed. */
final class RunSummary {

    private RunSummary() {}

    static void print(PrintStream out, RunStatistics stats, List<String> inputProblems, String outputDirectory,
            long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        out.printf(Locale.ROOT, "FlowMeter finished in %.1f s%n", seconds);
        out.printf(Locale.ROOT, "  files     %,d read, %,d corrupt, %,d inputs not found or unreadable%n",
                stats.filesRead(), stats.filesCorrupt(), inputProblems.size());
        out.printf(Locale.ROOT, "  packets   %,d (non-IP %,d, malformed IP %,d), %,.0f packets/s%n",
                stats.packets(), stats.nonIpPackets(), stats.malformedPackets(),
                seconds > 0 ? stats.packets() / seconds : 0.0);
        StringBuilder reasons = new StringBuilder();
        for (EndReason reason : EndReason.values()) {
            reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.label()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", stats.flows(reason)));
        }
        out.printf(Locale.ROOT, "  flows     %,d written to %s (%s)%n", stats.flows(), outputDirectory, reasons);
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
