package io.flowmeter.train.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BinaryMetricsTest {

    @Test
    void rocAucIsTheChanceThatAMaliciousFlowOutscoresABenignOne() {
        // 3 malicious x 3 benign = 9 pairs: 0.9 beats all three benign, 0.8 beats two, 0.4 ties one (half) and
        // beats one: 6.5 of 9.
        double[] scores = {0.9, 0.8, 0.4, 0.4, 0.3, 0.85};
        boolean[] malicious = {true, true, true, false, false, false};
        assertThat(new BinaryMetrics(scores, malicious, null).rocAuc()).isCloseTo(6.5 / 9, within(1e-12));
    }

    @Test
    void perfectAndInvertedRankings() {
        boolean[] malicious = {true, true, false, false};
        assertThat(new BinaryMetrics(new double[] {0.9, 0.8, 0.2, 0.1}, malicious, null).rocAuc()).isEqualTo(1.0);
        assertThat(new BinaryMetrics(new double[] {0.1, 0.2, 0.8, 0.9}, malicious, null).rocAuc()).isEqualTo(0.0);
        assertThat(new BinaryMetrics(new double[] {0.9, 0.8, 0.2, 0.1}, malicious, null).prAuc()).isEqualTo(1.0);
    }

    @Test
    void averagePrecisionStepsThroughTheRanking() {
        // Ranked: M, B, M, B: precision at the malicious ones is 1 and 2/3; AP = (1 + 2/3) / 2.
        double[] scores = {0.9, 0.8, 0.7, 0.6};
        boolean[] malicious = {true, false, true, false};
        assertThat(new BinaryMetrics(scores, malicious, null).prAuc()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void thresholdFlagsAtMostTheTargetShareOfBenignFlows() {
        double[] scores = new double[200];
        boolean[] malicious = new boolean[200];
        for (int i = 0; i < 100; i++) {
            scores[i] = i / 100.0;          // benign 0.00 .. 0.99
            scores[100 + i] = 0.5 + i / 200.0; // malicious 0.50 .. 0.995
            malicious[100 + i] = true;
        }
        BinaryMetrics metrics = new BinaryMetrics(scores, malicious, null);

        double threshold = metrics.thresholdForFalsePositiveRate(0.05);
        Map<String, Object> at = metrics.at(threshold);

        assertThat(threshold).isGreaterThan(0.94).isLessThan(0.95);
        assertThat((Double) at.get("falsePositiveRate")).isEqualTo(0.05);
        assertThat((Double) at.get("recall")).isEqualTo(0.11);
    }

    @Test
    @SuppressWarnings("unchecked")
    void metricsAtAThresholdIncludeSharesAndTheConfusionMatrix() {
        double[] scores = {0.9, 0.6, 0.4, 0.7, 0.1};
        boolean[] malicious = {true, true, true, false, false};
        double[] bytes = {100, 200, 300, 400, 1000};

        Map<String, Object> m = new BinaryMetrics(scores, malicious, bytes).at(0.5);

        assertThat(m).containsKeys("rocAuc", "prAuc", "precision", "recall", "falsePositiveRate", "f1", "threshold",
                "flaggedFlowShare", "flaggedByteShare", "confusionMatrix");
        Map<String, Long> confusion = (Map<String, Long>) m.get("confusionMatrix");
        assertThat(confusion).containsEntry("truePositives", 2L).containsEntry("falsePositives", 1L)
                .containsEntry("trueNegatives", 1L).containsEntry("falseNegatives", 1L);
        assertThat((Double) m.get("precision")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat((Double) m.get("recall")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat((Double) m.get("flaggedFlowShare")).isCloseTo(0.6, within(1e-12));
        assertThat((Double) m.get("flaggedByteShare")).isCloseTo(700 / 2000.0, within(1e-12));
    }

    @Test
    void recallAtAFixedFalsePositiveRateComesWithASeededBootstrapInterval() {
        // 1000 benign flows scored 0.000 to 0.999; 100 malicious flows, half above every benign one
        double[] scores = new double[1100];
        boolean[] malicious = new boolean[1100];
        for (int i = 0; i < 1000; i++) {
            scores[i] = i / 1000.0;
        }
        for (int i = 0; i < 100; i++) {
            scores[1000 + i] = i % 2 == 0 ? 1.0 : 0.5;
            malicious[1000 + i] = true;
        }
        BinaryMetrics metrics = new BinaryMetrics(scores, malicious, null);

        Map<String, Object> strict = metrics.recallAtFalsePositiveRate(0.001, 200, 42);
        Map<String, Object> loose = metrics.recallAtFalsePositiveRate(0.6, 200, 42);

        // at 0.1 % one benign flow may be flagged: the threshold sits above 0.998, so only the 1.0 half is caught
        assertThat(strict.get("recall")).isEqualTo(0.5);
        assertThat((Double) strict.get("recallLow95")).isLessThanOrEqualTo(0.5);
        assertThat((Double) strict.get("recallHigh95")).isGreaterThanOrEqualTo(0.5).isLessThan(0.7);
        // at 60 % the threshold falls below 0.5 and every malicious flow is caught
        assertThat(loose.get("recall")).isEqualTo(1.0);
        assertThat(metrics.recallAtFalsePositiveRate(0.001, 200, 42)).as("seeded").isEqualTo(strict);
    }

    private static long flagged(double[] probabilities, double threshold) {
        return java.util.Arrays.stream(probabilities).filter(p -> p >= threshold).count();
    }

    @Test
    void theThresholdForBenignScoresFlagsAtMostTheTargetShareEvenWithTies() {
        double[] benign = {0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9, 0.9};

        // one flow allowed, but the two highest tie: flagging either flags both, so none is
        assertThat(flagged(benign, BinaryMetrics.thresholdForBenign(benign, 0.1))).isZero();
        assertThat(flagged(benign, BinaryMetrics.thresholdForBenign(benign, 0.2))).isEqualTo(2);
        assertThat(flagged(benign, BinaryMetrics.thresholdForBenign(benign, 0.35))).isEqualTo(3);
        assertThat(BinaryMetrics.thresholdForBenign(benign, 0.35)).isGreaterThan(0.6).isLessThan(0.6001);
        assertThat(flagged(benign, BinaryMetrics.thresholdForBenign(benign, 0.05))).isZero();
    }

    @Test
    void theBoundedThresholdKeepsTheRateWithinTheTargetWith95PercentConfidence() {
        // 1000 benign flows scored 0.000 to 0.999 and 10 malicious ones above them all
        double[] scores = new double[1010];
        boolean[] malicious = new boolean[1010];
        for (int i = 0; i < 1000; i++) {
            scores[i] = i / 1000.0;
        }
        for (int i = 1000; i < 1010; i++) {
            scores[i] = 2.0;
            malicious[i] = true;
        }
        BinaryMetrics metrics = new BinaryMetrics(scores, malicious, null);
        // at most 10 of 1000 flagged is 1 %; the 95 % Wilson bound stays within 1 % only up to 4 of 1000
        assertThat(BinaryMetrics.wilsonUpper(4, 1000)).isLessThanOrEqualTo(0.01);
        assertThat(BinaryMetrics.wilsonUpper(5, 1000)).isGreaterThan(0.01);
        assertThat(metrics.thresholdForFalsePositiveBound(0.01)).isEqualTo(Math.nextUp(0.995));
        assertThat(metrics.thresholdForFalsePositiveRate(0.01)).isEqualTo(Math.nextUp(0.989));
        // 50 benign flows cannot bound a rate of 1 %: none of them is flagged
        BinaryMetrics few = new BinaryMetrics(java.util.Arrays.copyOfRange(scores, 950, 1010),
                java.util.Arrays.copyOfRange(malicious, 950, 1010), null);
        assertThat(few.thresholdForFalsePositiveBound(0.01)).isEqualTo(Math.nextUp(0.999));
    }

    @Test
    void theReliabilityCurveHasTheMeanProbabilityAndTheShareMaliciousPerTenth() {
        BinaryMetrics metrics = new BinaryMetrics(new double[] {0.05, 0.05, 0.95, 0.95, 0.95, 0.95},
                new boolean[] {false, true, true, true, true, false}, null);
        List<double[]> points = metrics.reliability(10);
        assertThat(points).hasSize(2);
        assertThat(points.get(0)).containsExactly(0.05, 0.5, 2.0);
        assertThat(points.get(1)).containsExactly(0.95, 0.75, 4.0);
    }
}
