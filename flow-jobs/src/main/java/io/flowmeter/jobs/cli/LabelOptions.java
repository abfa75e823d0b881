package io.flowmeter.jobs.cli;

import io.flowmeter.jobs.labels.GroundTruth;
import io.flowmeter.jobs.labels.LabelRules;

import picocli.CommandLine.Option;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Ground-truth labels for the flows ({@code --labels}, {@code --unlabelled}), as {@link GroundTruth}. */
public final class LabelOptions {

    @Option(names = "--labels", paramLabel = "FILE", arity = "1..*",
            description = "Ground-truth labels: CSV files of rules (label, family, address or CIDR on either side,"
                    + " port, protocol, start and end of the window the flow starts in; docs/labels.md). Each flow"
                    + " gets the label and attack family of the first rule it matches, in the columns groundTruth"
                    + " and attackFamily (with --schema cic: Label, as the CIC-IDS2017 CSVs have it). Several files"
            + " count as one, their rules in the order given.")
    List<Path> labels = new ArrayList<>();

    @Option(names = "--unlabelled", paramLabel = "WHAT", defaultValue = "drop",
            description = "With --labels, flows no rule matches: drop (left out, counted in the summary) or benign."
                    + " Default: ${DEFAULT-VALUE}.")
    String unlabelled;

    /** The ground truth of {@code --labels}; null without it. */
    @Nullable
    public GroundTruth groundTruth(Usage usage) {
        GroundTruth.Unlabelled policy;
        try {
            policy = GroundTruth.Unlabelled.valueOf(unlabelled.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage.error("--unlabelled must be benign or drop, got " + unlabelled);
        }
        if (labels.isEmpty()) {
            if (usage.given("--unlabelled")) {
                throw usage.error("--unlabelled needs --labels FILE");
            }
            return null;
        }
        for (Path file : labels) {
            if (!Files.isRegularFile(file)) {
                throw usage.error("--labels " + file + ": no such file");
            }
        }
        try {
            return new GroundTruth(LabelRules.read(labels), policy);
        } catch (IllegalArgumentException e) {
            throw usage.error("--labels: " + e.getMessage());
        } catch (IOException e) {
            throw usage.error("--labels: cannot read " + labels + ": " + e.getMessage());
        }
    }
}
