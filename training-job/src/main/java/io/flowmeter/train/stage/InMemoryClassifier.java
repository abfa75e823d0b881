package io.flowmeter.train.stage;

import io.flowmeter.model.stage.FeatureAssembler;
import io.flowmeter.model.stage.ScalerModelData;
import io.flowmeter.model.stage.WeightedLogisticRegressionModel;
import io.flowmeter.model.stage.XGBoostModelData;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.ml.linalg.BLAS;
import org.apache.flink.ml.linalg.DenseVector;

import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's scaler and classifier fitted on rows held in memory, with the estimators' own code and default
 * parameters: the models of a grouped evaluation's folds, one per held-out group, which would each otherwise be a
 * Flink job. A logistic model is one partition's fit (the pipeline averages several partitions' fits, which is
 * within sampling noise of it); an XGBoost model is the same booster the pipeline trains on the same rows.
 */
public final class InMemoryClassifier implements AutoCloseable {

    private final ScalerModelData scaler;
    private final boolean logScale;
    private final boolean logistic;
    private final DenseVector coefficients;
    private final Booster booster;

    private InMemoryClassifier(ScalerModelData scaler, boolean logScale, boolean logistic, DenseVector coefficients,
            Booster booster) {
        this.scaler = scaler;
        this.logScale = logScale;
        this.logistic = logistic;
        this.coefficients = coefficients;
        this.booster = booster;
    }

    /** Fits a model as {@code settings} say on {@code rows}. */
    public static InMemoryClassifier fit(List<LabeledVector> rows, ClassifierSettings settings) {
        boolean logScale = settings.logScale();
        boolean logistic = settings.logistic();
        List<double[]> raw = new ArrayList<>(rows.size());
        for (LabeledVector row : rows) {
            raw.add(assembled(row.features, logScale));
        }
        ColumnMoments moments = ColumnMoments.of(raw);
        ScalerModelData scaler = new ScalerModelData(new DenseVector(moments.mean), new DenseVector(moments.std()));
        List<LabeledVector> scaled = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            scaled.add(new LabeledVector(scaler.scale(raw.get(i), logistic).values, rows.get(i).label));
        }
        if (logistic) {
            WeightedLogisticRegression estimator = settings.logisticEstimator();
            WeightedLogisticRegression.PartitionFit fit = WeightedLogisticRegression.PartitionFit.of(scaled,
                    WeightedLogisticRegression.BALANCED.equals(estimator.getClassWeight()), estimator.getReg(),
                    estimator.getMaxIter(), estimator.getTol());
            return new InMemoryClassifier(scaler, logScale, true, new DenseVector(fit.coefficients), null);
        }
        XGBoostClassifier estimator = settings.xgboostEstimator();
        XGBoostModelData data = XGBoostClassifier.train(scaled, estimator.boosterSettings(), settings.rounds(),
                XGBoostClassifier.BALANCED.equals(estimator.getClassWeight()));
        return new InMemoryClassifier(scaler, logScale, false, null, data.load());
    }

    /** The probability of malicious for one row's raw feature values. */
    public double probability(double[] features) {
        double[] x = scaler.scale(assembled(features, logScale), logistic).values;
        if (logistic) {
            return WeightedLogisticRegressionModel.probability(BLAS.dot(new DenseVector(x), coefficients));
        }
        return XGBoostModelData.probability(booster, x);
    }

    private static double[] assembled(double[] features, boolean logScale) {
        return logScale ? FeatureAssembler.logScaled(features.clone()) : features;
    }

    @Override
    public void close() {
        if (booster != null) {
            booster.dispose();
        }
    }
}
