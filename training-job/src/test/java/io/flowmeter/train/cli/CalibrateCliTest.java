package io.flowmeter.train.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrateCliTest {

    private static long flagged(double[] probabilities, double threshold) {
        return java.util.Arrays.stream(probabilities).filter(p -> p >= threshold).count();
    }

    @Test
    void theThresholdFlagsAtMostTheTargetShareEvenWithTies() {
        double[] benign = {0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9, 0.9};

        // one flow allowed, but the two highest tie: flagging either flags both, so none is
        assertThat(flagged(benign, CalibrateCli.thresholdFor(benign, 0.1))).isZero();
        assertThat(flagged(benign, CalibrateCli.thresholdFor(benign, 0.2))).isEqualTo(2);
        assertThat(flagged(benign, CalibrateCli.thresholdFor(benign, 0.35))).isEqualTo(3);
        assertThat(CalibrateCli.thresholdFor(benign, 0.35)).isGreaterThan(0.6).isLessThan(0.6001);
        assertThat(flagged(benign, CalibrateCli.thresholdFor(benign, 0.05))).isZero();
    }
}
