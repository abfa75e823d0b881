package io.flowmeter.job.sink;

import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.train.model.ScoredFlow;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The CSV layout of flows: FlowMeter's 39 columns in its order (identity, then statistics), then the per-time
 * rates, the start and end in epoch nanoseconds, and the end reason. Numbers are plain decimals, never
 * scientific notation; counts and byte totals have no fraction.
 */
public final class FlowCsvFormat {

    private static final List<String> IDENTITY = List.of("fiveTuple", "srcIP", "dstIP", "protocol", "srcPort", "dstPort");
    private static final List<String> TRAILER = List.of("flowStartNs", "flowEndNs", "endReason");
    private static final List<String> COLUMNS;

    static {
        List<String> columns = new ArrayList<>(IDENTITY);
        for (FlowFeature feature : FlowFeature.values()) {
            columns.add(feature.name());
        }
        columns.addAll(TRAILER);
        COLUMNS = Collections.unmodifiableList(columns);
    }

    private FlowCsvFormat() {}

    /** Every column name, in order. */
    public static List<String> columns() {
        return COLUMNS;
    }

    public static String header() {
        return String.join(",", COLUMNS);
    }

    /** Appends one flow as a CSV line, newline included. */
    public static void appendLine(FlowRecord flow, StringBuilder line) {
        appendFields(flow, line);
        line.append('\n');
    }

    /** Appends one flow's fields, without the newline. */
    public static void appendFields(FlowRecord flow, StringBuilder line) {
        line.append(flow.fiveTuple()).append(',')
                .append(flow.srcIp).append(',')
                .append(flow.dstIp).append(',')
                .append(flow.protocol).append(',')
                .append(flow.srcPort).append(',')
                .append(flow.dstPort);
        for (FlowFeature feature : FlowFeature.values()) {
            line.append(',');
            appendNumber(flow.get(feature), feature.isFractional(), line);
        }
        line.append(',').append(flow.flowStartNs)
                .append(',').append(flow.flowEndNs)
                .append(',').append(flow.endReason);
    }

    /** The lines of plain flows. */
    public static final CsvLines<FlowRecord> FLOWS = new CsvLines<FlowRecord>() {
        private static final long serialVersionUID = 1L;

        @Override
        public String header() {
            return FlowCsvFormat.header();
        }

        @Override
        public void append(FlowRecord flow, StringBuilder line) {
            appendLine(flow, line);
        }
    };

    /** The lines of scored flows: the flow's columns, then {@code probability} and {@code label}. */
    public static final CsvLines<ScoredFlow> SCORED_FLOWS = new CsvLines<ScoredFlow>() {
        private static final long serialVersionUID = 1L;

        @Override
        public String header() {
            return FlowCsvFormat.header() + ",probability,label";
        }

        @Override
        public void append(ScoredFlow scored, StringBuilder line) {
            appendFields(scored.flow, line);
            line.append(',');
            appendNumber(scored.probability, true, line);
            line.append(',').append(scored.label()).append('\n');
        }
    };

    static void appendNumber(double value, boolean fractional, StringBuilder out) {
        if (!fractional || (value == Math.rint(value) && Math.abs(value) < 1e15)) {
            out.append((long) value);
            return;
        }
        if (appendMicroDecimal(value, out)) {
            return;
        }
        // Schubfach (Jackson): the shortest decimal that reads back as the same double, and fast.
        String text = DoubleToDecimal.toString(value);
        int exponentAt = text.indexOf('E');
        if (exponentAt < 0) {
            out.append(text);
        } else {
            appendPlain(text, exponentAt, out);
        }
    }

    private static final double MICRO = 1e6;
    private static final double EXACT_LONG = 9.0e15;

    /**
     * Writes values with at most six decimals (times in microseconds at nanosecond resolution, most sizes) with
     * integer arithmetic. {@code round(v * 1e6) / 1e6 == v} means the six-decimal text reads back as exactly v:
     * the division is correctly rounded, so it is the double nearest that decimal. Returns false for other values.
     */
    static boolean appendMicroDecimal(double value, StringBuilder out) {
        double scaled = Math.rint(value * MICRO);
        if (Math.abs(scaled) >= EXACT_LONG || scaled / MICRO != value) {
            return false;
        }
        long micros = (long) scaled;
        if (micros < 0) {
            out.append('-');
            micros = -micros;
        }
        out.append(micros / 1_000_000);
        int fraction = (int) (micros % 1_000_000);
        if (fraction != 0) {
            out.append('.');
            int divisor = 100_000;
            while (fraction != 0) {
                out.append((char) ('0' + fraction / divisor));
                fraction %= divisor;
                divisor /= 10;
            }
        }
        return true;
    }

    /** Writes {@code d.dddE[-]n} as a plain decimal, by moving the point: the same value, digit for digit. */
    static void appendPlain(String text, int exponentAt, StringBuilder out) {
        int start = 0;
        if (text.charAt(0) == '-') {
            out.append('-');
            start = 1;
        }
        StringBuilder digits = new StringBuilder(exponentAt);
        int point = -1;
        for (int i = start; i < exponentAt; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                point = digits.length();
            } else {
                digits.append(c);
            }
        }
        if (point < 0) {
            point = digits.length();
        }
        while (digits.length() > point && digits.length() > 1 && digits.charAt(digits.length() - 1) == '0') {
            digits.setLength(digits.length() - 1);
        }
        int shifted = point + Integer.parseInt(text.substring(exponentAt + 1));
        if (shifted <= 0) {
            out.append("0.");
            for (int i = 0; i < -shifted; i++) {
                out.append('0');
            }
            out.append(digits);
        } else if (shifted >= digits.length()) {
            out.append(digits);
            for (int i = digits.length(); i < shifted; i++) {
                out.append('0');
            }
        } else {
            out.append(digits, 0, shifted).append('.').append(digits, shifted, digits.length());
        }
    }
}
