package io.flowmeter.job.sink;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.labels.GroundTruth;
import io.flowmeter.model.ScoredFlow;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns of the flow output, in order, each with its name, kind and how its value is read from a record
 * ({@code T}: a {@link FlowRecord}, or a {@link ScoredFlow} with {@code probability} and {@code label} after the
 * flow's columns): one definition for every output format. {@link #of} gives the columns of a job's feature set,
 * from the column registry ({@link io.flowmeter.feature.FeatureRegistry}).
 */
public final class FlowColumns<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** FlowMeter's columns: identity, {@link FlowFeature} values, start, end, end reason, Community ID. */
    public static final FlowColumns<FlowRecord> FLOWMETER = of(FlowSettings.defaults());

    private final List<Column<T>> columns;

    FlowColumns(List<Column<T>> columns) {
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
    }

    /**
     * The columns of flows computed with {@code settings}: the identity columns, the columns its feature set writes
     * (those of {@link FeatureLayout#writtenColumns}, from the one column registry), then start, end and end
     * reason; for {@link FeatureSet#CIC}, CICFlowMeter's identity columns ({@link CicColumns}) and its feature
     * columns, in its order.
     */
    public static FlowColumns<FlowRecord> of(FlowSettings settings) {
        FeatureLayout layout = settings.layout();
        List<Column<FlowRecord>> columns = new ArrayList<>();
        boolean cic = settings.featureSet() == FeatureSet.CIC;
        if (cic) {
            columns.addAll(CicColumns.identity());
        } else {
            columns.add(Column.text("fiveTuple", FlowRecord::fiveTuple));
            columns.add(Column.text("srcIP", f -> f.srcIp));
            columns.add(Column.text("dstIP", f -> f.dstIp));
            columns.add(Column.whole("protocol", f -> f.protocol));
            columns.add(Column.whole("srcPort", f -> f.srcPort));
            columns.add(Column.whole("dstPort", f -> f.dstPort));
        }
        for (FeatureColumn feature : layout.writtenColumns()) {
            int index = layout.indexOf(feature.name());
            columns.add(feature.isText() ? Column.text(feature.name(), f -> f.texts[index])
                    : Column.number(feature.name(), feature.isFractional(), f -> f.values[index]));
        }
        if (!cic) {
            columns.add(Column.whole("flowStartNs", f -> f.flowStartNs));
            columns.add(Column.whole("flowEndNs", f -> f.flowEndNs));
            columns.add(Column.text("endReason", f -> f.endReason));
            columns.add(Column.text("communityId", f -> f.communityId));
        }
        return new FlowColumns<>(columns);
    }

    /** The columns of {@code set} with the other settings at their defaults and {@code firstPackets} first packets. */
    public static FlowColumns<FlowRecord> of(FeatureSet set, int firstPackets) {
        return of(FlowSettings.defaults().withFeatures(set, FlowSettings.DEFAULT_ACTIVITY_TIMEOUT, firstPackets));
    }

    /**
     * {@code flows}' columns, then the ground truth's: {@code groundTruth} ({@code benign} or {@code malicious}) and
     * {@code attackFamily}; for CICFlowMeter's columns ({@code cic}), its dataset's {@code Label} ({@code BENIGN} or
     * the attack family).
     */
    public static FlowColumns<FlowRecord> withGroundTruth(FlowColumns<FlowRecord> flows, GroundTruth truth,
            boolean cic) {
        List<Column<FlowRecord>> columns = new ArrayList<>(flows.columns);
        if (cic) {
            columns.add(Column.text("Label", truth::cicLabel));
        } else {
            columns.add(Column.text("groundTruth", truth::label));
            columns.add(Column.text("attackFamily", truth::family));
        }
        return new FlowColumns<>(columns);
    }

    /** The columns of scored flows: {@code flows}' columns of each one's flow, then probability and label. */
    public static FlowColumns<ScoredFlow> scored(FlowColumns<FlowRecord> flows) {
        List<Column<ScoredFlow>> columns = new ArrayList<>();
        for (Column<FlowRecord> column : flows.columns) {
            columns.add(column.of(scored -> scored.flow));
        }
        columns.add(Column.number("probability", true, scored -> scored.probability));
        columns.add(Column.text("label", ScoredFlow::label));
        return new FlowColumns<>(columns);
    }

    /** The names of the {@link #forwardIndex} columns, in order. */
    public static final List<String> FORWARD_INDEX = List.of("protocol", "srcIP", "srcPort", "dstIP", "dstPort",
            "flowStartNs", "flowEndNs", "packets", "bytes", "communityId", "probability");

    /**
     * The columns of the flows that go on to deep inspection, as {@code --forward-pcap} reads them back: identity,
     * first and last packet's time, packets and bytes (to check the forwarded packets against), Community ID and
     * score.
     */
    public static FlowColumns<ScoredFlow> forwardIndex() {
        List<Column<ScoredFlow>> columns = new ArrayList<>();
        columns.add(Column.whole("protocol", s -> s.flow.protocol));
        columns.add(Column.text("srcIP", s -> s.flow.srcIp));
        columns.add(Column.whole("srcPort", s -> s.flow.srcPort));
        columns.add(Column.text("dstIP", s -> s.flow.dstIp));
        columns.add(Column.whole("dstPort", s -> s.flow.dstPort));
        columns.add(Column.whole("flowStartNs", s -> s.flow.flowStartNs));
        columns.add(Column.whole("flowEndNs", s -> s.flow.flowEndNs));
        columns.add(Column.whole("packets", s -> (long) s.flow.get(FlowFeature.flowLength)));
        columns.add(Column.whole("bytes", s -> (long) s.flow.get(FlowFeature.packetSizeTotal)));
        columns.add(Column.text("communityId", s -> s.flow.communityId));
        columns.add(Column.number("probability", true, s -> s.probability));
        return new FlowColumns<>(columns);
    }

    public List<Column<T>> columns() {
        return columns;
    }

    /** The column names, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column<T> column : columns) {
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

    /** A serializable function of a record. */
    @FunctionalInterface
    public interface Value<T, V> extends Serializable {
        V of(T record);
    }

    /** A serializable function from a record to a whole number. */
    @FunctionalInterface
    public interface WholeValue<T> extends Serializable {
        long of(T record);
    }

    /** A serializable function from a record to a number. */
    @FunctionalInterface
    public interface NumberValue<T> extends Serializable {
        double of(T record);
    }

    /** One output column. */
    public static final class Column<T> implements Serializable {
        private static final long serialVersionUID = 1L;

        public final String name;
        public final Kind kind;
        private final Value<T, String> text;
        private final WholeValue<T> whole;
        private final NumberValue<T> number;

        private Column(String name, Kind kind, Value<T, String> text, WholeValue<T> whole, NumberValue<T> number) {
            this.name = name;
            this.kind = kind;
            this.text = text;
            this.whole = whole;
            this.number = number;
        }

        static <T> Column<T> text(String name, Value<T, String> value) {
            return new Column<>(name, Kind.TEXT, value, null, null);
        }

        static <T> Column<T> whole(String name, WholeValue<T> value) {
            return new Column<>(name, Kind.WHOLE, null, value, null);
        }

        /** A feature value: whole unless {@code fractional}, read as a double either way. */
        static <T> Column<T> number(String name, boolean fractional, NumberValue<T> value) {
            return fractional ? new Column<>(name, Kind.DECIMAL, null, null, value)
                    : new Column<>(name, Kind.WHOLE, null, record -> (long) value.of(record), value);
        }

        /** This column of the part of a {@code U} that {@code part} picks. */
        <U> Column<U> of(Value<U, T> part) {
            Value<T, String> text = this.text;
            WholeValue<T> whole = this.whole;
            NumberValue<T> number = this.number;
            return new Column<>(name, kind, text == null ? null : u -> text.of(part.of(u)),
                    whole == null ? null : u -> whole.of(part.of(u)),
                    number == null ? null : u -> number.of(part.of(u)));
        }

        /** The value of a {@link Kind#TEXT} column. */
        public String text(T record) {
            return text.of(record);
        }

        /** The value of a {@link Kind#WHOLE} column. */
        public long whole(T record) {
            return whole.of(record);
        }

        /** The value of a {@link Kind#DECIMAL} column. */
        public double decimal(T record) {
            return number.of(record);
        }
    }
}
