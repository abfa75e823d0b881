package io.flowmeter.feature;

import java.io.Serializable;
import java.util.Objects;

/**
 * One feature column a {@link FlowPlugin} writes: its name (the column header in every sink and the name a model
 * refers to), whether it is a whole number, may have a fraction or is text, its unit, and a one-line description
 * ({@code docs/features.md} has the long one). Text columns (a connection's state, say) are written by every sink
 * but are no model input: a plugin that has one writes a numeric code of it beside it.
 *
 * <p>An auxiliary column is computed and can be trained on or scored, but is not written by the feature set its
 * plugin belongs to: it serves another plugin (the CICFlowMeter mapping wants sample standard deviations where
 * this project's columns are population ones).
 */
public final class FeatureColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final boolean fractional;
    private final boolean text;
    private final String unit;
    private final String doc;
    private final boolean auxiliary;

    private FeatureColumn(String name, boolean fractional, boolean text, String unit, String doc, boolean auxiliary) {
        this.name = Objects.requireNonNull(name);
        this.fractional = fractional;
        this.text = text;
        this.unit = Objects.requireNonNull(unit);
        this.doc = Objects.requireNonNull(doc);
        this.auxiliary = auxiliary;
    }

    /** A column of whole numbers (counts, byte totals, header fields). */
    public static FeatureColumn whole(String name, String unit, String doc) {
        return new FeatureColumn(name, false, false, unit, doc, false);
    }

    /** A column whose values may have a fractional part (means, deviations, rates, times in microseconds). */
    public static FeatureColumn decimal(String name, String unit, String doc) {
        return new FeatureColumn(name, true, false, unit, doc, false);
    }

    /** A column of text, such as Zeek's {@code conn_state}; its plugin writes it with {@link FeatureValues#setText}. */
    public static FeatureColumn text(String name, String doc) {
        return new FeatureColumn(name, false, true, "text", doc, false);
    }

    /** This column, computed but not written by its plugin's feature set. */
    public FeatureColumn auxiliary() {
        return new FeatureColumn(name, fractional, text, unit, doc, true);
    }

    public String name() { return name; }
    /** Whether values may have a fractional part (else they are whole numbers). */
    public boolean isFractional() { return fractional; }
    /** Whether values are text (written, not trained on or scored); a text column's numeric value is NaN. */
    public boolean isText() { return text; }
    /** {@code bytes}, {@code packets}, {@code µs}, {@code 1/µs}, {@code bytes/s}, {@code flag}, ... */
    public String unit() { return unit; }
    public String doc() { return doc; }
    /** Computed for other plugins and for models, not written by the plugin's feature set. */
    public boolean isAuxiliary() { return auxiliary; }

    @Override
    public String toString() {
        return name;
    }
}
