package io.flowmeter.flow;

import java.util.Locale;

/** Which features a flow carries (option {@code --features}). */
public enum FeatureSet {
    /** FlowMeter's statistics ({@link FlowFeature}): sizes and gaps, overall and per direction, and rates. */
    FLOWMETER,
    /**
     * FlowMeter's, plus the extended plugins' columns: TCP flags, header and payload bytes, initial windows, active and
     * idle periods, bulks, subflows, ratios, and the sizes, gaps and directions of the first packets.
     */
    EXTENDED,
    /** The values of CICFlowMeter's columns (computed from the extended state), for {@code --schema cic}. */
    CIC;

    /** The option value: {@code flowmeter}, {@code extended} or {@code cic}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The set named {@code label}, ignoring case. */
    public static FeatureSet of(String label) {
        for (FeatureSet set : values()) {
            if (set.label().equalsIgnoreCase(label)) {
                return set;
            }
        }
        throw new IllegalArgumentException("must be flowmeter, extended or cic");
    }
}
