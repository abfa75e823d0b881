package io.flowmeter.jobs.labels;

import io.flowmeter.flow.FlowRecord;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.Locale;

/**
 * Ground-truth labels for the flows of a run ({@code --labels FILE}, {@code --unlabelled}): the rules of a label
 * file, and what becomes of flows no rule matches.
 */
public final class GroundTruth implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Counters of the labelled flows, in the job's accumulators and metrics. */
    public static final String BENIGN_FLOWS = "groundTruthBenignFlows";
    public static final String MALICIOUS_FLOWS = "groundTruthMaliciousFlows";
    public static final String UNLABELLED_FLOWS = "groundTruthUnlabelledFlows";

    /** What becomes of a flow no rule matches. */
    public enum Unlabelled {
        /** It is benign (a capture's background traffic, when the rules name the attacks). */
        BENIGN,
        /** It is left out (and counted). */
        DROP;

        /** {@code benign} or {@code drop}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LabelRules rules;
    private final Unlabelled unlabelled;

    public GroundTruth(LabelRules rules, Unlabelled unlabelled) {
        this.rules = rules;
        this.unlabelled = unlabelled;
    }

    public LabelRules rules() {
        return rules;
    }

    public Unlabelled unlabelled() {
        return unlabelled;
    }

    /** {@code malicious} or {@code benign}; {@code benign} for a flow no rule matches. */
    public String label(FlowRecord flow) {
        LabelRule rule = rules.ruleOf(flow);
        return rule == null ? "benign" : rule.label();
    }

    /** The attack family of the rule the flow matches; empty when none or when the rule names none. */
    public String family(FlowRecord flow) {
        LabelRule rule = rules.ruleOf(flow);
        return rule == null ? "" : rule.family();
    }

    /**
     * The label as CICFlowMeter's datasets write it in their {@code Label} column: {@code BENIGN}, or the attack
     * family ({@code MALICIOUS} when the rule names none).
     */
    public String cicLabel(FlowRecord flow) {
        LabelRule rule = rules.ruleOf(flow);
        if (rule == null || !rule.isMalicious()) {
            return "BENIGN";
        }
        return rule.family().isEmpty() ? "MALICIOUS" : rule.family();
    }

    /** The rule of a flow, for counting; null when none matches. */
    @Nullable
    LabelRule ruleOf(FlowRecord flow) {
        return rules.ruleOf(flow);
    }
}
