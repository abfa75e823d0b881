package io.flowmeter.feature.plugins;

/** Index of a direction in the two-slot arrays of plugin states: 0 forward (the initiator's), 1 backward. */
final class Directions {

    static final int FORWARD = 0;
    static final int BACKWARD = 1;

    private Directions() {}

    static int of(boolean forward) {
        return forward ? FORWARD : BACKWARD;
    }

    /** {@code fwd}{@code Name} and {@code bwd}{@code Name}. */
    static String[] names(String name) {
        return new String[] {"fwd" + name, "bwd" + name};
    }

    static double micros(double nanos) {
        return nanos / 1_000.0;
    }

    static double ratio(double amount, double count) {
        return count == 0 ? 0 : amount / count;
    }

    static <T> void swap(T[] pair) {
        T first = pair[0];
        pair[0] = pair[1];
        pair[1] = first;
    }

    static void swap(long[] pair) {
        long first = pair[0];
        pair[0] = pair[1];
        pair[1] = first;
    }

    static void swap(int[] pair) {
        int first = pair[0];
        pair[0] = pair[1];
        pair[1] = first;
    }
}
