package io.flowmeter.job.sink;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.train.model.ScoredFlow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Flows as JSON objects with the output's column names and kinds ({@link FlowColumns}, {@code docs/features.md});
 * scored flows add {@code probability} and {@code label}. Whole numbers are integers, the rest plain numbers.
 */
public final class FlowJson implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    private final FlowColumns columns;

    public FlowJson(FlowColumns columns) {
        this.columns = columns;
    }

    public byte[] encode(FlowRecord flow) {
        return encode(flow, null);
    }

    public byte[] encode(ScoredFlow scored) {
        return encode(scored.flow, scored);
    }

    private byte[] encode(FlowRecord flow, ScoredFlow scored) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            for (FlowColumns.Column column : columns.columns()) {
                switch (column.kind) {
                    case TEXT:
                        json.writeStringField(column.name, column.text(flow));
                        break;
                    case WHOLE:
                        json.writeNumberField(column.name, column.whole(flow));
                        break;
                    default:
                        json.writeNumberField(column.name, column.decimal(flow));
                }
            }
            if (scored != null) {
                json.writeNumberField("probability", scored.probability);
                json.writeStringField("label", scored.label());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
