package io.flowmeter.job.sink;

import io.flowmeter.flow.FlowRecord;
import io.flowmeter.job.sink.FlowColumns.Column;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity columns of CICFlowMeter's schema, named and ordered as in the CIC-IDS2017 CSVs: {@code id}, {@code
 * Flow ID}, addresses, ports, protocol and {@code Timestamp}. Its feature columns come from the {@code cic} plugin
 * ({@link io.flowmeter.feature.plugins.CicMapping}).
 */
final class CicColumns {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private CicColumns() {}

    static List<Column<FlowRecord>> identity() {
        List<Column<FlowRecord>> c = new ArrayList<>();
        c.add(Column.<FlowRecord>whole("id", CicColumns::id));
        c.add(Column.text("Flow ID", CicColumns::flowId));
        c.add(Column.text("Src IP", f -> f.srcIp));
        c.add(Column.whole("Src Port", f -> f.srcPort));
        c.add(Column.text("Dst IP", f -> f.dstIp));
        c.add(Column.whole("Dst Port", f -> f.dstPort));
        c.add(Column.whole("Protocol", f -> f.protocol));
        c.add(Column.text("Timestamp", f -> TIMESTAMP.format(Instant.ofEpochSecond(0, f.flowStartNs))));
        return c;
    }

    /** CICFlowMeter's flow ID: {@code src-dst-srcPort-dstPort-protocol}. */
    static String flowId(FlowRecord f) {
        return f.srcIp + "-" + f.dstIp + "-" + f.srcPort + "-" + f.dstPort + "-" + f.protocol;
    }

    /** A non-negative 63-bit FNV-1a hash of the flow ID and start: the same flow gets the same id in every run. */
    static long id(FlowRecord f) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : flowId(f).getBytes(StandardCharsets.US_ASCII)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        for (int shift = 0; shift < 64; shift += 8) {
            hash = (hash ^ ((f.flowStartNs >>> shift) & 0xFF)) * 0x100000001b3L;
        }
        return hash & Long.MAX_VALUE;
    }
}
