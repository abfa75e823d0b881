package io.flowmeter.train.data;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * The rows the training pipeline reads: one DOUBLE column per feature, then the label (0 benign, 1 malicious),
 * the flow's bytes (for the flagged byte share; 0 when the input has none), which split the row belongs to, where
 * it came from (the capture file; the groups of a grouped evaluation), its attack family (empty when benign or
 * unknown) and its host (the flow's source address, empty when unknown; for host-level recall).
 */
public final class TrainingRows {

    public static final String LABEL = "label";
    public static final String BYTES = "bytes";
    public static final String SPLIT = "split";
    public static final String SOURCE = "source";
    public static final String FAMILY = "family";
    public static final String HOST = "host";
    /** Columns after the features. */
    static final int EXTRA_COLUMNS = 6;

    public static final int TRAIN = 0;
    public static final int CALIBRATION = 1;
    public static final int TEST = 2;

    private TrainingRows() {}

    public static RowTypeInfo type(List<String> featureColumns) {
        int n = featureColumns.size();
        TypeInformation<?>[] types = new TypeInformation<?>[n + EXTRA_COLUMNS];
        String[] names = new String[n + EXTRA_COLUMNS];
        for (int i = 0; i < n; i++) {
            types[i] = Types.DOUBLE;
            names[i] = featureColumns.get(i);
        }
        types[n] = Types.DOUBLE;
        names[n] = LABEL;
        types[n + 1] = Types.DOUBLE;
        names[n + 1] = BYTES;
        types[n + 2] = Types.INT;
        names[n + 2] = SPLIT;
        types[n + 3] = Types.STRING;
        names[n + 3] = SOURCE;
        types[n + 4] = Types.STRING;
        names[n + 4] = FAMILY;
        types[n + 5] = Types.STRING;
        names[n + 5] = HOST;
        return new RowTypeInfo(types, names);
    }

    /** A row of {@code features} feature values (set by the caller) and the given label and provenance. */
    public static Row row(int features, double label, double bytes, int split, String source, String family,
            String host) {
        Row row = new Row(features + EXTRA_COLUMNS);
        row.setField(features, label);
        row.setField(features + 1, bytes);
        row.setField(features + 2, split);
        row.setField(features + 3, source);
        row.setField(features + 4, family == null ? "" : family);
        row.setField(features + 5, host == null ? "" : host);
        return row;
    }

    public static String splitName(int split) {
        return split == TRAIN ? "train" : split == CALIBRATION ? "calibration" : "test";
    }
}
