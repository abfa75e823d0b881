package io.flowmeter.job.sink;

import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.train.model.ScoredFlow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Flows as JSON objects with the CSV's column names ({@code docs/features.md}); scored flows add
 * {@code probability} and {@code label}. Counts and byte totals are integers, the rest plain numbers.
 */
public final class FlowJson {

    private static final JsonFactory JSON = new JsonFactory();

    private FlowJson() {}

    public static byte[] encode(FlowRecord flow) {
        return encode(flow, null);
    }

    public static byte[] encode(ScoredFlow scored) {
        return encode(scored.flow, scored);
    }

    private static byte[] encode(FlowRecord flow, ScoredFlow scored) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("fiveTuple", flow.fiveTuple());
            json.writeStringField("srcIP", flow.srcIp);
            json.writeStringField("dstIP", flow.dstIp);
            json.writeNumberField("protocol", flow.protocol);
            json.writeNumberField("srcPort", flow.srcPort);
            json.writeNumberField("dstPort", flow.dstPort);
            for (FlowFeature feature : FlowFeature.values()) {
                double value = flow.get(feature);
                if (feature.isFractional()) {
                    json.writeNumberField(feature.name(), value);
                } else {
                    json.writeNumberField(feature.name(), (long) value);
                }
            }
            json.writeNumberField("flowStartNs", flow.flowStartNs);
            json.writeNumberField("flowEndNs", flow.flowEndNs);
            json.writeStringField("endReason", flow.endReason);
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
