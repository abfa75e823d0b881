package io.flowmeter.job.cli;

import io.flowmeter.feature.FeatureConfig;
import io.flowmeter.flow.FeatureSelection;
import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.cli.FlowTimeoutOptions;
import io.flowmeter.jobs.cli.Usage;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How packets become flows and what each flow carries: timeouts, features, schema, limits. */
final class FlowSettingsOptions {

    @Mixin FlowTimeoutOptions timeouts;

    @Option(names = "--min-packets", paramLabel = "N", defaultValue = "0",
            description = "Write only flows with at least N packets (FlowMeter (Go) drops flows under 15). "
                    + "Default: ${DEFAULT-VALUE}, all flows.")
    int minPackets;

    @Option(names = "--features", paramLabel = "SET[,PLUGIN...]", defaultValue = "flowmeter",
            description = "Which features each flow carries: flowmeter (FlowMeter's statistics), extended (also TCP"
                    + " flag counts, header and payload bytes, initial windows, active/idle periods, bulks, subflows,"
                    + " ratios and the first packets' sizes, gaps and directions) or cic (CICFlowMeter's columns, as"
                    + " --schema cic), then any feature plugins to write after them, e.g. extended,ip-ttl (the TTL"
                    + " per direction) or flowmeter,conn-state (Zeek's conn_state and history). All in the same single pass. Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = "flowmeter",
            description = "Column names and order: flowmeter (this project's, for the chosen --features) or cic"
                    + " (CICFlowMeter's, as in the CIC-IDS2017 CSVs, so models made for them read the output"
                    + " unchanged; implies --features cic). Default: ${DEFAULT-VALUE}.")
    String schema;

    @Option(names = "--activity-timeout", paramLabel = "SECONDS",
            description = "With --features extended or cic: a gap longer than this ends an active period and counts as"
                    + " idle. Default: " + FeatureConfig.DEFAULT_ACTIVITY_TIMEOUT_NANOS / 1_000_000_000L + ".")
    Double activityTimeoutSeconds;

    @Option(names = "--first-packets", paramLabel = "N", defaultValue = "" + FlowSettings.DEFAULT_FIRST_PACKETS,
            description = "With --features extended: how many first packets of each flow to describe (size, gap and"
                    + " direction columns), 0 to " + FlowSettings.MAX_FIRST_PACKETS + ". Default: ${DEFAULT-VALUE}.")
    int firstPackets;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "0",
            description = "Hold at most N open flows (shared evenly by the flow subtasks), for bounded memory under"
                    + " floods and scans. When full, a packet that would start a new flow is written at once as a"
                    + " one-packet flow with endReason evicted; open flows are never pushed out. About 0.7 KB per"
                    + " flow. Default: ${DEFAULT-VALUE}, no limit.")
    long maxFlows;

    @Option(names = "--out-of-orderness", paramLabel = "SECONDS", defaultValue = "1",
            description = "How far capture timestamps may go backwards (merged or multi-queue captures) before "
                    + "flows are expired. Default: ${DEFAULT-VALUE}.")
    double outOfOrdernessSeconds;

    /** The flow settings these options give, checked. */
    FlowSettings settings(Usage usage) {
        FeatureSelection selection = featureSelection(usage);
        FeatureSet set = featureSet(usage, selection);
        checkFeatureOptions(usage, set);
        Duration activityTimeout = activityTimeoutSeconds == null ? FlowSettings.DEFAULT_ACTIVITY_TIMEOUT
                : usage.seconds("--activity-timeout", activityTimeoutSeconds, false);
        // The timeouts are checked by then; what FlowSettings still refuses is the value named in each message.
        FlowSettings timed = usage.unless(() -> timeouts.settings(usage, minPackets),
                "--min-packets must not be negative, got " + minPackets);
        FlowSettings bounded = usage.unless(() -> timed.withMaxFlows(maxFlows),
                "--max-flows must not be negative, got " + maxFlows);
        FlowSettings featured = usage.unless(() -> bounded.withFeatures(set, activityTimeout, firstPackets),
                "--first-packets must be 0 to " + FlowSettings.MAX_FIRST_PACKETS + ", got " + firstPackets);
        return featured.withWrittenPlugins(selection.plugins());
    }

    Duration outOfOrderness(Usage usage) {
        return usage.seconds("--out-of-orderness", outOfOrdernessSeconds, true);
    }

    /** --features: a set, then plugins whose columns are written after its own. */
    private FeatureSelection featureSelection(Usage usage) {
        try {
            return FeatureSelection.parse(features);
        } catch (IllegalArgumentException e) {
            throw usage.error("--features " + e.getMessage() + ", got " + features);
        }
    }

    private FeatureSet featureSet(Usage usage, FeatureSelection selection) {
        FeatureSet set = selection.set();
        if (schema.equalsIgnoreCase("cic") && !selection.plugins().isEmpty()) {
            throw usage.error("--schema cic writes CICFlowMeter's columns only; leave the plugins out of --features");
        }
        if (schema.equalsIgnoreCase("cic")) {
            if (set != FeatureSet.FLOWMETER && set != FeatureSet.CIC) {
                throw usage.error("--schema cic writes CICFlowMeter's columns, not the " + set.label() + " set's;"
                        + " leave --features out (or give --features cic)");
            }
            return FeatureSet.CIC;
        }
        if (!schema.equalsIgnoreCase("flowmeter")) {
            throw usage.error("--schema must be flowmeter or cic, got " + schema);
        }
        return set;
    }

    /** --first-packets and --activity-timeout, checked against the feature {@code set}. */
    private void checkFeatureOptions(Usage usage, FeatureSet set) {
        if (usage.given("--first-packets") && set != FeatureSet.EXTENDED) {
            throw usage.error("--first-packets goes with --features extended (the other sets have no first-packet"
                    + " columns)");
        }
        if (activityTimeoutSeconds != null && set == FeatureSet.FLOWMETER) {
            throw usage.error("--activity-timeout goes with --features extended or cic (FlowMeter's set has no active"
                    + " or idle periods)");
        }
    }
}
