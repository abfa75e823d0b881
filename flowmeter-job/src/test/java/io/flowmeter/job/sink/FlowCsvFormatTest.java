package io.flowmeter.job.sink;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FlowCsvFormatTest {

    private static String format(double value) {
        StringBuilder out = new StringBuilder();
        FlowCsvFormat.appendNumber(value, true, out);
        return out.toString();
    }

    @Test
    void numbersArePlainDecimalsThatReadBackExactly() {
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            double value;
            switch (i % 4) {
                case 0:
                    value = random.nextDouble();
                    break;
                case 1:
                    value = random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                    break;
                case 2:
                    value = -random.nextGaussian() * 1e-9;
                    break;
                default:
                    value = Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) % 1e22;
            }
            String text = format(value);
            assertThat(text).as("%s", value).doesNotContain("E").doesNotContain("e");
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
        }
    }

    @Test
    void typicalValues() {
        assertThat(format(0.00011428571428571428)).isEqualTo("0.00011428571428571428");
        assertThat(format(1.0E-5)).isEqualTo("0.00001");
        assertThat(format(2.5E20)).isEqualTo("250000000000000000000");
        assertThat(format(-3.25E-7)).isEqualTo("-0.000000325");
        assertThat(format(241.5)).isEqualTo("241.5");
        assertThat(format(70000.0)).isEqualTo("70000");
    }
}
