package io.flowmeter.job.cli;

import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.cli.Usage;
import io.flowmeter.model.FlowModel;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Scoring flows with a trained model: the model, its threshold, where alerts go, and early verdicts. */
final class ScoringOptions {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Score every flow with a model trained by bin/flowmeter-train: adds the columns probability"
                    + " and label (benign/malicious), and writes the malicious flows to the alerts directory.")
    String model;

    @Option(names = "--threshold", paramLabel = "P",
            description = "Decision threshold for --model: flows with a probability of at least P are malicious."
                    + " Default: the threshold the model was trained with (in its model.json).")
    Double threshold;

    @Option(names = "--alerts", paramLabel = "DIR",
            description = "Where --model writes the malicious flows. Default: DIR/alerts of --output.")
    String alerts;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC",
            description = "With --model: write the malicious flows as JSON records to this Kafka topic, exactly once.")
    String alertsTopic;

    @Option(names = "--early-verdict-packets", paramLabel = "N", defaultValue = "0",
            description = "Also write an early record (endReason partial) of each flow still open once it has N"
                    + " packets; with --model it is scored, so a long malicious flow is alerted before it ends. The"
                    + " flow's final record follows as usual. Default: off.")
    long earlyVerdictPackets;

    @Option(names = "--early-verdict-seconds", paramLabel = "SECONDS",
            description = "Likewise, at the first packet once a flow has lasted this long (capture time); with"
                    + " --early-verdict-packets, whichever comes first. Default: off.")
    Double earlyVerdictSeconds;

    /** {@code settings} with the early records asked for, checked. */
    FlowSettings withEarlyVerdicts(Usage usage, FlowSettings settings) {
        if (earlyVerdictPackets < 0) {
            throw usage.error("--early-verdict-packets must not be negative, got " + earlyVerdictPackets);
        }
        if ((earlyVerdictPackets > 0 || earlyVerdictSeconds != null) && settings.featureSet() == FeatureSet.CIC) {
            throw usage.error("early records need the endReason column to tell them from final ones, and"
                    + " CICFlowMeter's columns have none: use --early-verdict-* without --schema cic");
        }
        return settings.withEarlyRecord(earlyVerdictPackets, earlyVerdictSeconds == null ? Duration.ZERO
                : usage.seconds("--early-verdict-seconds", earlyVerdictSeconds, false));
    }

    /** The model, checked against the features {@code settings} can compute; null without --model. */
    FlowModel loadModel(Usage usage, FlowSettings settings) throws IOException {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw usage.error("--threshold must be a probability between 0 and 1, got " + threshold);
        }
        if (model == null) {
            if (threshold != null || alerts != null) {
                throw usage.error("--threshold and --alerts go with --model DIR");
            }
            return null;
        }
        try {
            return FlowModel.load(Path.of(model).toAbsolutePath().normalize(), settings.featureConfig());
        } catch (IllegalArgumentException e) {
            throw usage.error("--model: " + e.getMessage());
        }
    }

    /** The decision threshold: --threshold, else the one {@code flowModel} was trained with. */
    double threshold(FlowModel flowModel) {
        return threshold != null ? threshold : flowModel.threshold();
    }
}
