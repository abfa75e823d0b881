package io.flowmeter.feature;

/**
 * Where a {@link FlowPlugin} writes its column values when its flow ends, and reads the values of the columns it
 * {@linkplain FlowPlugin#uses uses}, which the plugins before it have written.
 */
public interface FeatureValues {

    /** Sets the value of the plugin's column {@code column} (its index in {@link FlowPlugin#columns}). */
    void set(int column, double value);

    /** Sets the value of the plugin's text column {@code column} ({@link FeatureColumn#text}). */
    void setText(int column, String value);

    /** The value of the {@code k}-th column of {@link FlowPlugin#uses}. */
    double used(int k);
}
