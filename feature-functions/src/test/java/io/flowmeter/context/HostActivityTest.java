package io.flowmeter.context;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HostActivityTest {

    private static final long T0 = 1_700_000_000L * HostActivity.SECOND;
    private static final boolean[] ANSWERED = {false, false, false};
    private static final boolean[] UNANSWERED = {true, false, false};
    private static final boolean[] REFUSED = {false, true, true};

    private static double[] values(HostActivity host) {
        double[] v = new double[11];
        host.write(v, 0);
        return v;
    }

    @Test
    void aSteadyRateOfStartsReadsAsFlowsPerSecondInEveryWindow() {
        HostActivity host = new HostActivity();
        // 10 flows a second for 5 minutes: every damped rate has settled at 10/s
        for (int i = 0; i < 3000; i++) {
            host.add(T0 + i * HostActivity.SECOND / 10, ANSWERED, 100, 50, "10.0.0.1", 80);
        }
        double[] v = values(host);
        assertThat(v[0]).isCloseTo(10.0, within(0.6)); // 1 s: one flow more or less is 5 %
        assertThat(v[1]).isCloseTo(10.0, within(0.6));
        assertThat(v[2]).isCloseTo(10.0, within(0.6));
        assertThat(v[8]).as("bytes sent per second").isCloseTo(1000.0, within(60.0));
        assertThat(v[9]).as("bytes received per second").isCloseTo(500.0, within(30.0));
        assertThat(v[10]).as("perfectly regular starts").isCloseTo(0.0, within(1e-9));
    }

    @Test
    void sharesCountUnansweredRefusedAndResetFlows() {
        HostActivity host = new HostActivity();
        for (int i = 0; i < 40; i++) {
            boolean[] outcome = i % 4 == 0 ? REFUSED : i % 4 == 1 ? UNANSWERED : ANSWERED;
            host.add(T0 + i * 1_000_000L, outcome, 60, 0, "10.0.0." + i, 1000 + i);
        }
        double[] v = values(host);
        assertThat(v[5]).as("unanswered").isCloseTo(0.25, within(0.01));
        assertThat(v[6]).as("refused").isCloseTo(0.25, within(0.01));
        assertThat(v[7]).as("reset").isCloseTo(0.25, within(0.01));
        assertThat(v[3]).as("distinct peers (exact while few)").isCloseTo(40.0, within(1e-3));
        assertThat(v[4]).as("distinct ports").isCloseTo(40.0, within(1e-3));
    }

    @Test
    void aScanOfAllPortsIsCountedWithinTheSketchErrorInBoundedSpace() {
        HostActivity host = new HostActivity();
        for (int port = 1; port <= 65535; port++) {
            host.add(T0 + port * 500L, REFUSED, 60, 54, "10.0.0.2", port);
        }
        double[] v = values(host);
        assertThat(v[4]).isCloseTo(65535.0, within(65535.0 * 0.05));
        assertThat(v[3]).isCloseTo(1.0, within(1e-3));
        assertThat(serializedSize(host)).as("bytes of state for 65,535 ports").isLessThan(2_000);
    }

    @Test
    void theDistinctCountsSlideOverTheLast60Seconds() {
        HostActivity host = new HostActivity();
        long window = Math.floorDiv(T0, HostActivity.DISTINCT_WINDOW) * HostActivity.DISTINCT_WINDOW;
        for (int i = 0; i < 100; i++) {
            host.add(window + i * 1_000_000L, ANSWERED, 60, 60, "10.0.1." + i, 80);
        }
        // half-way through the next window: half of the previous window's peers still count
        host.add(window + HostActivity.DISTINCT_WINDOW * 3 / 2, ANSWERED, 60, 60, "10.0.2.1", 80);
        assertThat(values(host)[3]).isCloseTo(51.0, within(1.0));
        // two windows on, the old peers are gone
        host.add(window + HostActivity.DISTINCT_WINDOW * 3, ANSWERED, 60, 60, "10.0.2.2", 80);
        assertThat(values(host)[3]).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void theSameFlowsInAnotherOrderWithinAWindowGiveTheSameValues() {
        List<Long> starts = new ArrayList<>();
        Random random = new Random(3);
        long window = Math.floorDiv(T0, HostActivity.DISTINCT_WINDOW) * HostActivity.DISTINCT_WINDOW;
        for (int i = 0; i < 200; i++) {
            starts.add(window + (long) (random.nextDouble() * 50 * HostActivity.SECOND));
        }
        HostActivity inOrder = new HostActivity();
        List<Long> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        sorted.forEach(s -> inOrder.add(s, s % 3 == 0 ? UNANSWERED : ANSWERED, s % 1000, 10, "p" + s % 17, (int) (s % 31)));
        HostActivity shuffled = new HostActivity();
        Collections.shuffle(starts, random);
        starts.forEach(s -> shuffled.add(s, s % 3 == 0 ? UNANSWERED : ANSWERED, s % 1000, 10, "p" + s % 17, (int) (s % 31)));
        double[] a = values(inOrder);
        double[] b = values(shuffled);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).as("column %d", i).isCloseTo(a[i], within(1e-9 * Math.max(1, Math.abs(a[i]))));
        }
    }

    @Test
    void beaconsAreRegularAndBurstsAreNot() {
        HostActivity beacon = new HostActivity();
        HostActivity bursty = new HostActivity();
        Random random = new Random(5);
        long t = T0;
        for (int i = 0; i < 40; i++) {
            beacon.add(T0 + i * 2 * HostActivity.SECOND + random.nextInt(50_000_000), ANSWERED, 300, 200, "c2", 443);
            t += random.nextBoolean() ? 10_000_000L : 20 * HostActivity.SECOND;
            bursty.add(t, ANSWERED, 300, 200, "web", 443);
        }
        assertThat(values(beacon)[10]).isLessThan(0.05);
        assertThat(values(bursty)[10]).isGreaterThan(0.5);
    }

    static int serializedSize(HostActivity host) {
        try {
            org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(64);
            HostActivitySerializer.INSTANCE.serialize(host, out);
            return out.length();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
