package io.flowmeter.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;

import java.util.Locale;

/** The file format of flow output (option {@code --format}); every format has the same columns. */
public enum OutputFormat {
    /** CSV with a header row. */
    CSV(".csv"),
    /** Apache Parquet: typed columns (string, int64, double), Snappy-compressed. */
    PARQUET(".parquet"),
    /** JSON Lines: one JSON object per line. */
    JSON(".jsonl");

    private final String suffix;

    OutputFormat(String suffix) {
        this.suffix = suffix;
    }

    /** The file name ending of part files. */
    public String suffix() {
        return suffix;
    }

    /** The option value: {@code csv}, {@code parquet} or {@code json}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code label}, ignoring case. */
    public static OutputFormat of(String label) {
        for (OutputFormat format : values()) {
            if (format.label().equalsIgnoreCase(label)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown output format " + label + " (csv, parquet or json)");
    }

    /** Writers of part files of records in {@code columns}. */
    public <T> BulkWriter.Factory<T> writers(FlowColumns<T> columns) {
        switch (this) {
            case CSV:
                return new TextLinesWriter.Factory<>(FlowCsvFormat.lines(columns));
            case JSON:
                return new TextLinesWriter.Factory<>(new FlowJson<>(columns));
            default:
                return FlowParquet.writers(columns);
        }
    }
}
