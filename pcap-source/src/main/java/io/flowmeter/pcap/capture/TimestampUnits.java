package io.flowmeter.pcap.capture;

/**
 * Converts pcapng timestamps (64-bit counts of 10^-n or 2^-n seconds, as {@code if_tsresol} says, plus the
 * {@code if_tsoffset} seconds) to epoch nanoseconds without floating point.
 */
final class TimestampUnits {

    static final TimestampUnits MICROSECONDS = new TimestampUnits(false, 6, 0);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_32_BIT_SECONDS = 0xFFFFFFFFL;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final boolean binary;
    private final int exponent;
    private final long offsetNanos;

    private TimestampUnits(boolean binary, int exponent, long offsetNanos) {
        this.binary = binary;
        this.exponent = exponent;
        this.offsetNanos = offsetNanos;
    }

    /**
     * The units of an {@code if_tsresol} byte: MSB clear means 10^-n, set means 2^-n. Returns null for a value
     * no clock can have (10^-19 and finer, 2^-64 and finer).
     */
    static TimestampUnits ofResolution(int tsresol, long offsetSeconds) {
        boolean binary = (tsresol & 0x80) != 0;
        int exponent = tsresol & 0x7F;
        if ((binary && exponent > 63) || (!binary && exponent > 18)) {
            return null;
        }
        return new TimestampUnits(binary, exponent, offsetSeconds * NANOS_PER_SECOND);
    }

    TimestampUnits withOffsetSeconds(long offsetSeconds) {
        return new TimestampUnits(binary, exponent, offsetSeconds * NANOS_PER_SECOND);
    }

    /**
     * Epoch nanoseconds of an unsigned 64-bit timestamp in these units. Whole seconds beyond the 32-bit range
     * (past 2106) wrap to 32 bits, as libpcap and tcpdump read them: such values are writer errors, and their
     * literal reading would not fit epoch nanoseconds. Differences between packets are unchanged.
     */
    long toNanos(long units) {
        long seconds;
        long fractionNanos;
        if (binary) {
            seconds = exponent == 0 ? units : units >>> exponent;
            fractionNanos = exponent == 0 ? 0 : binaryFractionToNanos(units & ((1L << exponent) - 1));
        } else {
            long perSecond = POWERS_OF_TEN[exponent];
            seconds = Long.divideUnsigned(units, perSecond);
            long fraction = Long.remainderUnsigned(units, perSecond);
            fractionNanos = exponent <= 9 ? fraction * POWERS_OF_TEN[9 - exponent]
                    : fraction / POWERS_OF_TEN[exponent - 9];
        }
        if (Long.compareUnsigned(seconds, MAX_32_BIT_SECONDS) > 0) {
            seconds &= MAX_32_BIT_SECONDS;
        }
        return offsetNanos + seconds * NANOS_PER_SECOND + fractionNanos;
    }

    private long binaryFractionToNanos(long fraction) {
        if (exponent <= 30) {
            return (fraction * NANOS_PER_SECOND) >>> exponent;
        }
        // fraction * 1e9 would overflow: split the fraction at bit 30 and shift in two steps.
        long high = (fraction >>> 30) * NANOS_PER_SECOND;
        long low = ((fraction & ((1L << 30) - 1)) * NANOS_PER_SECOND) >>> 30;
        return (high + low) >>> (exponent - 30);
    }

    @Override
    public String toString() {
        return (binary ? "2^-" : "10^-") + exponent + " s";
    }
}
