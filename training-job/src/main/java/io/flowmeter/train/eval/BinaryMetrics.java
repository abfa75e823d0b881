package io.flowmeter.train.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Metrics of a binary classifier's scores: ROC-AUC (ties counted half), PR-AUC (average precision), the
 * decision threshold for a target false-positive rate, and at a threshold the confusion matrix, precision,
 * recall, false-positive rate, F1 and the share of flows and bytes flagged. Label 1 is malicious; a flow is
 * flagged when its score is at least the threshold.
 */
public final class BinaryMetrics {

    private final double[] scores;
    private final boolean[] malicious;
    private final double[] bytes;
    private final Integer[] byScoreDescending;
    private final long positives;
    private final long negatives;

    /** @param bytes bytes of each flow, or null when the input has none */
    public BinaryMetrics(double[] scores, boolean[] malicious, double[] bytes) {
        if (scores.length != malicious.length || (bytes != null && bytes.length != scores.length)) {
            throw new IllegalArgumentException("scores, labels and bytes differ in length");
        }
        this.scores = scores;
        this.malicious = malicious;
        this.bytes = bytes;
        long p = 0;
        for (boolean m : malicious) {
            p += m ? 1 : 0;
        }
        positives = p;
        negatives = scores.length - p;
        byScoreDescending = new Integer[scores.length];
        for (int i = 0; i < scores.length; i++) {
            byScoreDescending[i] = i;
        }
        Arrays.sort(byScoreDescending, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    }

    public long positives() { return positives; }
    public long negatives() { return negatives; }

    /** Area under the ROC curve: the chance that a malicious flow scores above a benign one (ties count half). */
    public double rocAuc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSumOfPositives = 0;
        int i = scores.length - 1;
        // Ascending ranks, 1-based, ties sharing their average rank.
        int rank = 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && scores[byScoreDescending[j - 1]] == scores[byScoreDescending[i]]) {
                j--;
            }
            int tied = i - j + 1;
            double averageRank = rank + (tied - 1) / 2.0;
            for (int k = j; k <= i; k++) {
                if (malicious[byScoreDescending[k]]) {
                    rankSumOfPositives += averageRank;
                }
            }
            rank += tied;
            i = j - 1;
        }
        return (rankSumOfPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Area under the precision-recall curve as average precision: sum over thresholds of precision x recall step. */
    public double prAuc() {
        if (positives == 0) {
            return Double.NaN;
        }
        double area = 0;
        long truePositives = 0;
        long flagged = 0;
        int i = 0;
        while (i < scores.length) {
            int j = i;
            long newPositives = 0;
            while (j < scores.length && scores[byScoreDescending[j]] == scores[byScoreDescending[i]]) {
                newPositives += malicious[byScoreDescending[j]] ? 1 : 0;
                j++;
            }
            flagged += j - i;
            truePositives += newPositives;
            area += (newPositives / (double) positives) * (truePositives / (double) flagged);
            i = j;
        }
        return area;
    }

    /**
     * The lowest threshold at which at most {@code targetFpr} of the benign flows are flagged: just above the
     * score of the benign flow that would be one too many.
     */
    public double thresholdForFalsePositiveRate(double targetFpr) {
        return thresholdForBenign(benignScores(scores, malicious), targetFpr);
    }

    /**
     * The lowest threshold at which the false-positive rate is at most {@code targetFpr} with 95 % confidence: the
     * most benign flows it may flag are the most whose one-sided 95 % Wilson upper bound on the rate stays within
     * the target. On 700 benign flows and a target of 1 % that is 2 flows, not 7, so that the rate on other flows
     * of the same kind stays within the target rather than around it.
     */
    public double thresholdForFalsePositiveBound(double targetFpr) {
        double[] benign = benignScores(scores, malicious);
        int n = benign.length;
        int allowed = 0;
        while (allowed < n && wilsonUpper(allowed + 1, n) <= targetFpr) {
            allowed++;
        }
        if (n > 0 && wilsonUpper(0, n) > targetFpr) {
            // too few flows to bound the rate at all: flag none of them
            double[] sorted = benign.clone();
            Arrays.sort(sorted);
            return Math.nextUp(sorted[n - 1]);
        }
        return thresholdForBenign(benign, allowed / (double) Math.max(1, n));
    }

    /** The one-sided 95 % Wilson score upper bound of a rate of {@code k} in {@code n}. */
    static double wilsonUpper(int k, int n) {
        double z = 1.6448536269514722;
        double p = k / (double) n;
        double z2n = z * z / n;
        return (p + z2n / 2 + z * Math.sqrt(p * (1 - p) / n + z2n / (4 * n))) / (1 + z2n);
    }

    /**
     * The lowest threshold at which at most {@code targetFpr} of flows scored {@code benign} are flagged (score at
     * least the threshold): just above the score of the benign flow that would be one too many, so that tied scores
     * stay below together; 0.5 for no flows.
     */
    public static double thresholdForBenign(double[] benign, double targetFpr) {
        int n = benign.length;
        if (n == 0) {
            return 0.5;
        }
        double[] sorted = benign.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(targetFpr * n + 1e-9);
        if (allowed >= n) {
            return 0;
        }
        return Math.nextUp(sorted[n - 1 - allowed]);
    }

    private static double[] benignScores(double[] scores, boolean[] malicious) {
        int count = 0;
        for (boolean m : malicious) {
            count += m ? 0 : 1;
        }
        double[] benign = new double[count];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!malicious[i]) {
                benign[n++] = scores[i];
            }
        }
        return benign;
    }

    /** Everything measured at one threshold. */
    public Map<String, Object> at(double threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        double flaggedBytes = 0;
        double allBytes = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] >= threshold;
            if (flagged && malicious[i]) {
                tp++;
            } else if (flagged) {
                fp++;
            } else if (malicious[i]) {
                fn++;
            } else {
                tn++;
            }
            if (bytes != null) {
                allBytes += bytes[i];
                flaggedBytes += flagged ? bytes[i] : 0;
            }
        }
        double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rocAuc", rocAuc());
        m.put("prAuc", prAuc());
        m.put("threshold", threshold);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("falsePositiveRate", fp + tn == 0 ? 0 : fp / (double) (fp + tn));
        m.put("f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        m.put("flaggedFlowShare", scores.length == 0 ? 0 : (tp + fp) / (double) scores.length);
        if (bytes != null) {
            m.put("flaggedByteShare", allBytes == 0 ? 0 : flaggedBytes / allBytes);
        }
        Map<String, Long> confusion = new LinkedHashMap<>();
        confusion.put("truePositives", tp);
        confusion.put("falsePositives", fp);
        confusion.put("trueNegatives", tn);
        confusion.put("falseNegatives", fn);
        m.put("confusionMatrix", confusion);
        m.put("flows", (long) scores.length);
        m.put("maliciousFlows", positives);
        m.put("benignFlows", negatives);
        return m;
    }

    /**
     * The operating point this set itself allows at {@code targetFpr}: the threshold chosen on these scores, and
     * the recall and false-positive rate there. On a test set this is a point of its ROC curve, not the
     * deployed threshold (which calibration flows choose).
     */
    public Map<String, Object> operatingPoint(double targetFpr) {
        double t = thresholdForFalsePositiveRate(targetFpr);
        Map<String, Object> at = at(t);
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("targetFalsePositiveRate", targetFpr);
        point.put("threshold", t);
        point.put("recall", at.get("recall"));
        point.put("falsePositiveRate", at.get("falsePositiveRate"));
        return point;
    }

    /**
     * The recall at {@code targetFpr} on these scores (the operating point a threshold chosen on these benign flows
     * gives), with a 95 % bootstrap interval: {@code resamples} resamplings of the flows with replacement, seeded by
     * {@code seed}, so that the same flows give the same interval.
     */
    public Map<String, Object> recallAtFalsePositiveRate(double targetFpr, int resamples, long seed) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("targetFalsePositiveRate", targetFpr);
        point.put("recall", recallAt(scores, malicious, targetFpr));
        if (scores.length > 0 && resamples > 0) {
            Random random = new Random(seed);
            double[] recalls = new double[resamples];
            double[] s = new double[scores.length];
            boolean[] m = new boolean[scores.length];
            for (int r = 0; r < resamples; r++) {
                for (int i = 0; i < s.length; i++) {
                    int j = random.nextInt(s.length);
                    s[i] = scores[j];
                    m[i] = malicious[j];
                }
                recalls[r] = recallAt(s, m, targetFpr);
            }
            Arrays.sort(recalls);
            point.put("recallLow95", recalls[(int) Math.floor(0.025 * (resamples - 1))]);
            point.put("recallHigh95", recalls[(int) Math.ceil(0.975 * (resamples - 1))]);
            point.put("bootstrapResamples", resamples);
        }
        return point;
    }

    /** The recall at the lowest threshold that flags at most {@code targetFpr} of the benign flows; 0 without any. */
    private static double recallAt(double[] scores, boolean[] malicious, double targetFpr) {
        double[] benign = benignScores(scores, malicious);
        int positives = scores.length - benign.length;
        if (positives == 0) {
            return 0;
        }
        double threshold = benign.length == 0 ? 0 : thresholdForBenign(benign, targetFpr);
        long caught = 0;
        for (int i = 0; i < scores.length; i++) {
            caught += malicious[i] && scores[i] >= threshold ? 1 : 0;
        }
        return caught / (double) positives;
    }

    /**
     * The reliability (calibration) curve: the flows cut into {@code bins} equal ranges of probability, and for each
     * non-empty one its mean probability, the share of malicious flows in it and its flow count.
     */
    public List<double[]> reliability(int bins) {
        double[] sum = new double[bins];
        long[] count = new long[bins];
        long[] bad = new long[bins];
        for (int i = 0; i < scores.length; i++) {
            int bin = Math.min(bins - 1, Math.max(0, (int) (scores[i] * bins)));
            sum[bin] += scores[i];
            count[bin]++;
            bad[bin] += malicious[i] ? 1 : 0;
        }
        List<double[]> points = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                points.add(new double[] {sum[b] / count[b], bad[b] / (double) count[b], count[b]});
            }
        }
        return points;
    }

    /** Points of the ROC curve (false-positive rate, true-positive rate), at most about {@code maxPoints}. */
    public List<double[]> rocCurve(int maxPoints) {
        return curve(maxPoints, true);
    }

    /** Points of the precision-recall curve (recall, precision). */
    public List<double[]> precisionRecallCurve(int maxPoints) {
        return curve(maxPoints, false);
    }

    private List<double[]> curve(int maxPoints, boolean roc) {
        List<double[]> points = new ArrayList<>();
        points.add(roc ? new double[] {0, 0} : new double[] {0, 1});
        long tp = 0;
        long fp = 0;
        int every = Math.max(1, scores.length / Math.max(1, maxPoints));
        for (int i = 0; i < scores.length; i++) {
            int index = byScoreDescending[i];
            if (malicious[index]) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = i + 1 == scores.length || scores[byScoreDescending[i + 1]] != scores[index];
            if (lastOfTie && (i % every == 0 || i + 1 == scores.length)) {
                double tpr = positives == 0 ? 0 : tp / (double) positives;
                double fpr = negatives == 0 ? 0 : fp / (double) negatives;
                points.add(roc ? new double[] {fpr, tpr} : new double[] {tpr, tp / (double) (tp + fp)});
            }
        }
        return points;
    }
}
