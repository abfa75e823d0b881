package io.flowmeter.train.solver;

import io.flowmeter.model.stage.WeightedLogisticRegressionModel;

import java.util.List;

/**
 * Class-weighted, L2-regularized logistic regression fitted by Newton's method (iteratively reweighted least
 * squares), in memory, for one partition of the training rows.
 *
 * <p>It minimizes {@code (1/W) sum_i s_i logloss(y_i, sigma(w.x_i)) + (reg/2) |w'|^2}, where {@code s_i} is the
 * weight of row i's class, W their sum, and w' the coefficients without the last one: the last feature of every
 * row is the constant 1, whose coefficient is the unpenalized intercept. The probability is computed exactly as
 * Flink ML's {@code LogisticRegressionModelServable} computes it, {@code 1 - 1 / (1 + exp(w.x))}.
 */
public final class LogisticRegressionSolver {

    private LogisticRegressionSolver() {}

    /** The probability of class 1 for a dot product: the model's own ({@link WeightedLogisticRegressionModel}). */
    public static double probability(double dot) {
        return WeightedLogisticRegressionModel.probability(dot);
    }

    /** Class weights that make both classes count as much in total: n / (2 n_c), sklearn's "balanced". */
    public static double[] balancedClassWeights(double[] labels) {
        long positives = 0;
        for (double label : labels) {
            if (label > 0.5) {
                positives++;
            }
        }
        long negatives = labels.length - positives;
        return new double[] {
            negatives == 0 ? 1 : labels.length / (2.0 * negatives),
            positives == 0 ? 1 : labels.length / (2.0 * positives)};
    }

    /**
     * Fits the coefficients.
     *
     * @param rows feature vectors, each ending with the constant 1
     * @param labels 0 or 1 per row
     * @param classWeights weight of a row of class 0 and of class 1
     */
    public static double[] fit(List<double[]> rows, double[] labels, double[] classWeights, double reg,
            int maxIterations, double tolerance) {
        int d = rows.get(0).length;
        double[] w = new double[d];
        double[] previous = null;
        double[] lastStep = null;
        double previousLoss = Double.POSITIVE_INFINITY;
        double stepSize = 1;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            Pass pass = pass(rows, labels, classWeights, reg, w);
            if (pass.loss > previousLoss && lastStep != null && stepSize > 1e-6) {
                // Newton overshot: go back and take half the step.
                stepSize /= 2;
                for (int j = 0; j < d; j++) {
                    w[j] = previous[j] - stepSize * lastStep[j];
                }
                continue;
            }
            double[] step = Cholesky.solve(pass.hessian, pass.gradient, d);
            previous = w.clone();
            previousLoss = pass.loss;
            lastStep = step;
            stepSize = 1;
            double largest = 0;
            for (int j = 0; j < d; j++) {
                w[j] -= step[j];
                largest = Math.max(largest, Math.abs(step[j]));
            }
            if (largest < tolerance) {
                break;
            }
        }
        return w;
    }

    /** Loss, gradient and Hessian at {@code w}, in one pass over the rows. */
    private static Pass pass(List<double[]> rows, double[] labels, double[] classWeights, double reg, double[] w) {
        int d = w.length;
        Pass pass = new Pass(d);
        double totalWeight = 0;
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.get(i);
            double y = labels[i];
            double s = classWeights[y > 0.5 ? 1 : 0];
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += w[j] * x[j];
            }
            double p = probability(dot);
            // log(1 + e^z) - y z, computed without overflow
            pass.loss += s * (Math.max(dot, 0) + Math.log1p(Math.exp(-Math.abs(dot))) - y * dot);
            double residual = s * (p - y);
            double curvature = s * p * (1 - p);
            for (int j = 0; j < d; j++) {
                pass.gradient[j] += residual * x[j];
                double cx = curvature * x[j];
                for (int k = j; k < d; k++) {
                    pass.hessian[j * d + k] += cx * x[k];
                }
            }
            totalWeight += s;
        }
        for (int j = 0; j < d; j++) {
            pass.gradient[j] /= totalWeight;
            for (int k = j; k < d; k++) {
                pass.hessian[j * d + k] /= totalWeight;
                pass.hessian[k * d + j] = pass.hessian[j * d + k];
            }
        }
        pass.loss /= totalWeight;
        for (int j = 0; j < d - 1; j++) {
            pass.loss += 0.5 * reg * w[j] * w[j];
            pass.gradient[j] += reg * w[j];
            pass.hessian[j * d + j] += reg;
        }
        // Keeps the system solvable when a feature is constant or the classes separate perfectly.
        for (int j = 0; j < d; j++) {
            pass.hessian[j * d + j] += 1e-9;
        }
        return pass;
    }

    private static final class Pass {
        double loss;
        final double[] gradient;
        final double[] hessian;

        Pass(int d) {
            gradient = new double[d];
            hessian = new double[d * d];
        }
    }
}
