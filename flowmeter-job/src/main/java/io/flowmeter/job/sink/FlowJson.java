package io.flowmeter.job.sink;

import org.apache.flink.api.common.serialization.SerializationSchema;

import java.nio.charset.StandardCharsets;

/**
 * Records as JSON objects with the output's column names and kinds ({@link FlowColumns}, {@code docs/features.md}):
 * text as strings, numbers written exactly as in the CSV (plain decimals, whole numbers without a fraction). The
 * Kafka sinks send one object per record; {@code --format json} writes them one per line (JSON Lines).
 */
public final class FlowJson<T> implements TextLines<T>, SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final FlowColumns<T> columns;

    public FlowJson(FlowColumns<T> columns) {
        this.columns = columns;
    }

    /** One record as a JSON object, UTF-8. */
    public byte[] encode(T record) {
        StringBuilder json = new StringBuilder(2048);
        append(record, json);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The Kafka sinks' value: {@link #encode}. (A method reference {@code json::encode} would not do: javac
     * deserializes two references to the same generic method in one class as the first one, with its type
     * argument, so the alerts' reference cast scored flows to {@code FlowRecord}.)
     */
    @Override
    public byte[] serialize(T record) {
        return encode(record);
    }

    /** JSON Lines files have no header line. */
    @Override
    public String header() {
        return null;
    }

    /** Appends one record as a JSON object, without a newline. */
    @Override
    public void append(T record, StringBuilder json) {
        json.append('{');
        boolean first = true;
        for (FlowColumns.Column<T> column : columns.columns()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            appendString(column.name, json);
            json.append(':');
            switch (column.kind) {
                case TEXT:
                    appendString(column.text(record), json);
                    break;
                case WHOLE:
                    json.append(column.whole(record));
                    break;
                default:
                    FlowCsvFormat.appendNumber(column.decimal(record), true, json);
            }
        }
        json.append('}');
    }

    private static void appendString(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
