package io.flowmeter.train.stage;

import java.io.Serializable;

/**
 * How a model is fitted, as {@code bin/flowmeter-train}'s options say: logistic regression or XGBoost, its
 * regularization or boosting rounds, and whether the feature values are log-scaled first. The pipeline's stages
 * and the in-memory folds of a grouped evaluation take their parameters from it alike.
 */
public final class ClassifierSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean logistic;
    private final int rounds;
    private final double regularization;
    private final boolean logScale;

    public ClassifierSettings(boolean logistic, int rounds, double regularization, boolean logScale) {
        this.logistic = logistic;
        this.rounds = rounds;
        this.regularization = regularization;
        this.logScale = logScale;
    }

    public boolean logistic() { return logistic; }
    /** XGBoost's boosting rounds. */
    public int rounds() { return rounds; }
    /** The logistic model's L2 regularization strength. */
    public double regularization() { return regularization; }
    public boolean logScale() { return logScale; }

    /** The logistic estimator with these settings. */
    public WeightedLogisticRegression logisticEstimator() {
        return new WeightedLogisticRegression().setReg(regularization);
    }

    /** The XGBoost estimator with these settings. */
    public XGBoostClassifier xgboostEstimator() {
        XGBoostClassifier xgboost = new XGBoostClassifier();
        xgboost.set(XGBoostClassifier.NUM_ROUNDS, rounds);
        return xgboost;
    }
}
