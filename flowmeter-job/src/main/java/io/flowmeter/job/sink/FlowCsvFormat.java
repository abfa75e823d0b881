package io.flowmeter.job.sink;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;

import java.util.List;

/**
 * Flows as CSV lines, in the columns of a {@link FlowColumns} (by default FlowMeter's 39 columns in its order, then
 * the per-time rates, the start and end in epoch nanoseconds, and the end reason). Numbers are plain decimals,
 * never scientific notation; counts and byte totals have no fraction.
 */
public final class FlowCsvFormat {

    private FlowCsvFormat() {}

    /** FlowMeter's column names, in order. */
    public static List<String> columns() {
        return FlowColumns.FLOWMETER.names();
    }

    /** The lines of records in {@code columns}. */
    public static <T> TextLines<T> lines(FlowColumns<T> columns) {
        return new TextLines<T>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String header() {
                return String.join(",", columns.names());
            }

            @Override
            public void append(T record, StringBuilder line) {
                appendFields(columns, record, line);
            }
        };
    }

    /** Appends one record's fields, without the newline. */
    static <T> void appendFields(FlowColumns<T> columns, T record, StringBuilder line) {
        boolean first = true;
        for (FlowColumns.Column<T> column : columns.columns()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            switch (column.kind) {
                case TEXT:
                    line.append(column.text(record));
                    break;
                case WHOLE:
                    line.append(column.whole(record));
                    break;
                default:
                    appendNumber(column.decimal(record), true, line);
            }
        }
    }

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
