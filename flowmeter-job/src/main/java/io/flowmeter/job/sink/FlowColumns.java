package io.flowmeter.job.sink;

import io.flowmeter.flow.ExtendedFeature;
import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns of the flow output, in order, each with its name, kind and how its value is read from a
 * {@link FlowRecord}: one definition for every output format. {@link #of} gives FlowMeter's columns, the extended
 * set's, or CICFlowMeter's ({@link CicColumns}).
 */
public final class FlowColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    /** FlowMeter's columns: identity, {@link FlowFeature} values, start, end, end reason. */
    public static final FlowColumns FLOWMETER = of(FeatureSet.FLOWMETER, 0);

    private final List<Column> columns;

    FlowColumns(List<Column> columns) {
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
    }

    /**
     * The columns of {@code set}: for {@link FeatureSet#EXTENDED}, FlowMeter's columns, then the extended features,
     * then {@code firstPackets} sizes, gaps and directions of the first packets, then start, end and end reason;
     * for {@link FeatureSet#CIC}, CICFlowMeter's columns in its order.
     */
    public static FlowColumns of(FeatureSet set, int firstPackets) {
        if (set == FeatureSet.CIC) {
            return CicColumns.COLUMNS;
        }
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("fiveTuple", FlowRecord::fiveTuple));
        columns.add(Column.text("srcIP", f -> f.srcIp));
        columns.add(Column.text("dstIP", f -> f.dstIp));
        columns.add(Column.whole("protocol", f -> f.protocol));
        columns.add(Column.whole("srcPort", f -> f.srcPort));
        columns.add(Column.whole("dstPort", f -> f.dstPort));
        for (FlowFeature feature : FlowFeature.values()) {
            columns.add(Column.number(feature.name(), feature.isFractional(), f -> f.get(feature)));
        }
        if (set == FeatureSet.EXTENDED) {
            for (ExtendedFeature feature : ExtendedFeature.values()) {
                if (!feature.isCicOnly()) {
                    columns.add(Column.number(feature.name(), feature.isFractional(), f -> f.get(feature)));
                }
            }
            addFirstPackets(columns, firstPackets);
        }
        columns.add(Column.whole("flowStartNs", f -> f.flowStartNs));
        columns.add(Column.whole("flowEndNs", f -> f.flowEndNs));
        columns.add(Column.text("endReason", f -> f.endReason));
        return new FlowColumns(columns);
    }

    private static void addFirstPackets(List<Column> columns, int n) {
        for (int i = 0; i < n; i++) {
            int slot = i;
            columns.add(Column.number("firstPacketSize" + (i + 1), false, f -> f.firstPackets[slot]));
        }
        for (int i = 0; i < n; i++) {
            int slot = n + i;
            columns.add(Column.number("firstPacketGap" + (i + 1), true, f -> f.firstPackets[slot]));
        }
        for (int i = 0; i < n; i++) {
            int slot = 2 * n + i;
            columns.add(Column.number("firstPacketDirection" + (i + 1), false, f -> f.firstPackets[slot]));
        }
    }

    public List<Column> columns() {
        return columns;
    }

    /** The column names, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column column : columns) {
            names.add(column.name);
        }
        return names;
    }

    /** What a column holds. */
    public enum Kind {
        /** Text. */
        TEXT,
        /** A whole number (counts, ports, byte totals, epoch nanoseconds). */
        WHOLE,
        /** A number that may have a fractional part. */
        DECIMAL
    }

    /** A serializable function from a flow to text. */
    @FunctionalInterface
    public interface TextValue extends Serializable {
        String of(FlowRecord flow);
    }

    /** A serializable function from a flow to a whole number. */
    @FunctionalInterface
    public interface WholeValue extends Serializable {
        long of(FlowRecord flow);
    }

    /** A serializable function from a flow to a number. */
    @FunctionalInterface
    public interface NumberValue extends Serializable {
        double of(FlowRecord flow);
    }

    /** One output column. */
    public static final class Column implements Serializable {
        private static final long serialVersionUID = 1L;

        public final String name;
        public final Kind kind;
        private final TextValue text;
        private final WholeValue whole;
        private final NumberValue number;

        private Column(String name, Kind kind, TextValue text, WholeValue whole, NumberValue number) {
            this.name = name;
            this.kind = kind;
            this.text = text;
            this.whole = whole;
            this.number = number;
        }

        static Column text(String name, TextValue value) {
            return new Column(name, Kind.TEXT, value, null, null);
        }

        static Column whole(String name, WholeValue value) {
            return new Column(name, Kind.WHOLE, null, value, null);
        }

        /** A feature value: whole unless {@code fractional}, read as a double either way. */
        static Column number(String name, boolean fractional, NumberValue value) {
            return fractional ? new Column(name, Kind.DECIMAL, null, null, value)
                    : new Column(name, Kind.WHOLE, null, f -> (long) value.of(f), value);
        }

        /** The value of a {@link Kind#TEXT} column. */
        public String text(FlowRecord flow) {
            return text.of(flow);
        }

        /** The value of a {@link Kind#WHOLE} column. */
        public long whole(FlowRecord flow) {
            return whole.of(flow);
        }

        /** The value of a {@link Kind#DECIMAL} column. */
        public double decimal(FlowRecord flow) {
            return number.of(flow);
        }
    }
}
