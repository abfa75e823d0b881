package io.flowmeter.train.solver;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogisticRegressionSolverTest {

    @Test
    void fitsTheOptimumOfTheWeightedRegularizedLoss() {
        Random random = new Random(3);
        List<double[]> rows = new ArrayList<>();
        double[] labels = new double[3000];
        for (int i = 0; i < labels.length; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double p = LogisticRegressionSolver.probability(1.5 * a - 2 * b - 1);
            labels[i] = random.nextDouble() < p ? 1 : 0;
            rows.add(new double[] {a, b, 1});
        }
        double[] weights = LogisticRegressionSolver.balancedClassWeights(labels);
        double reg = 0.01;

        double[] w = LogisticRegressionSolver.fit(rows, labels, weights, reg, 50, 1e-10);

        // At the optimum the gradient of (1/W) sum s_i logloss + reg/2 |w'|^2 vanishes: computed here independently.
        double[] gradient = new double[3];
        double total = 0;
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.get(i);
            double s = weights[(int) labels[i]];
            double p = 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2])));
            for (int j = 0; j < 3; j++) {
                gradient[j] += s * (p - labels[i]) * x[j];
            }
            total += s;
        }
        for (int j = 0; j < 3; j++) {
            gradient[j] = gradient[j] / total + (j < 2 ? reg * w[j] : 0);
            assertThat(gradient[j]).as("gradient %d", j).isCloseTo(0, within(1e-9));
        }
        assertThat(w[0]).isGreaterThan(1).isLessThan(2);
        assertThat(w[1]).isLessThan(-1.5).isGreaterThan(-2.5);
    }

    @Test
    void separableClassesStayFinite() {
        List<double[]> rows = List.of(new double[] {-2, 1}, new double[] {-1, 1}, new double[] {1, 1},
                new double[] {2, 1});
        double[] w = LogisticRegressionSolver.fit(rows, new double[] {0, 0, 1, 1}, new double[] {1, 1}, 1e-4, 50, 1e-8);

        assertThat(w[0]).isFinite().isPositive();
        assertThat(LogisticRegressionSolver.probability(w[0] * 2 + w[1])).isGreaterThan(0.99);
    }

    @Test
    void balancedWeightsMakeBothClassesCountEqually() {
        double[] weights = LogisticRegressionSolver.balancedClassWeights(new double[] {0, 0, 0, 1});
        assertThat(weights[0] * 3).isCloseTo(weights[1] * 1, within(1e-12));
    }
}
