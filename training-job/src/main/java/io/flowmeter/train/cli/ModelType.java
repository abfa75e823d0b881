package io.flowmeter.train.cli;

import java.util.Locale;

/** The classifiers the training job offers. */
public enum ModelType {
    /** Class-weighted logistic regression: FlowMeter's model, also servable without Flink. */
    LOGISTIC,
    /** Gradient-boosted trees with XGBoost4J. */
    XGBOOST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
