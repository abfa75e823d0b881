package io.flowmeter.train.data;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.util.List;

/**
 * The rows the training pipeline reads: one DOUBLE column per feature, then the label (0 benign, 1 malicious),
 * the flow's bytes (for the flagged byte share; 0 when the input has none), which split the row belongs to, and
 * where it came from.
 */
public final class TrainingRows {

    public static final String LABEL = "label";
    public static final String BYTES = "bytes";
    public static final String SPLIT = "split";
    public static final String SOURCE = "source";

    public static final int TRAIN = 0;
    public static final int CALIBRATION = 1;
    public static final int TEST = 2;

    private TrainingRows() {}

    public static RowTypeInfo type(List<String> featureColumns) {
        int n = featureColumns.size();
        TypeInformation<?>[] types = new TypeInformation<?>[n + 4];
        String[] names = new String[n + 4];
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
        return new RowTypeInfo(types, names);
    }

    public static String splitName(int split) {
        return split == TRAIN ? "train" : split == CALIBRATION ? "calibration" : "test";
    }
}
