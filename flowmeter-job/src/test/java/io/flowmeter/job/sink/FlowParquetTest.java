package io.flowmeter.job.sink;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowAccumulator;
import io.flowmeter.flow.FlowKey;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlowParquetTest {

    @TempDir java.nio.file.Path dir;

    @Test
    void flowsWrittenAsParquetReadBackColumnForColumnWithTheirTypes() throws Exception {
        FlowColumns<FlowRecord> columns = FlowColumns.of(FeatureSet.EXTENDED, 2);
        List<FlowRecord> flows = List.of(flow(1000, 53, 3), flow(2000, 5353, 1));
        java.nio.file.Path file = dir.resolve("flows.parquet");

        BulkWriter<FlowRecord> writer = OutputFormat.PARQUET.writers(columns)
                .create(FileSystem.getLocalFileSystem().create(new Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE));
        for (FlowRecord flow : flows) {
            writer.addElement(flow);
        }
        writer.finish();

        assertThat(FlowParquet.schema(columns).getFieldCount()).isEqualTo(columns.columns().size());
        try (ParquetFileReader footer = ParquetFileReader.open(new NioInputFile(file))) {
            assertThat(footer.getFileMetaData().getSchema()).isEqualTo(FlowParquet.schema(columns));
            assertThat(footer.getRowGroups().get(0).getColumns().get(0).getCodec()).isEqualTo(CompressionCodecName.SNAPPY);
        }
        List<Group> rows = NioInputFile.rows(file);
        assertThat(rows).hasSize(2);
        for (int r = 0; r < flows.size(); r++) {
            for (FlowColumns.Column<FlowRecord> column : columns.columns()) {
                switch (column.kind) {
                    case TEXT:
                        assertThat(rows.get(r).getString(column.name, 0)).as(column.name).isEqualTo(column.text(flows.get(r)));
                        break;
                    case WHOLE:
                        assertThat(rows.get(r).getLong(column.name, 0)).as(column.name).isEqualTo(column.whole(flows.get(r)));
                        break;
                    default:
                        assertThat(rows.get(r).getDouble(column.name, 0)).as(column.name)
                                .isEqualTo(column.decimal(flows.get(r)));
                }
            }
        }
    }

    /** A UDP exchange of {@code packets} packets to {@code port}. */
    private static FlowRecord flow(long startMicros, int port, int packets) {
        FlowSettings settings = FlowSettings.defaults().withFeatures(FeatureSet.EXTENDED, Duration.ofSeconds(5), 2);
        FlowAccumulator flow = settings.newAccumulator();
        PacketRecord first = null;
        for (int i = 0; i < packets; i++) {
            PacketRecord p = new PacketRecord();
            p.setTimestampNanos(1_700_000_000_000_000_000L + (startMicros + 1000L * i) * 1000);
            p.setProtocol(PacketRecord.PROTO_UDP);
            p.setIpVersion(4);
            boolean request = i % 2 == 0;
            p.setSrc(0, request ? 0x0A000009L : 0x0A000001L);
            p.setDst(0, request ? 0x0A000001L : 0x0A000009L);
            p.setSrcPort(request ? 40000 : port);
            p.setDstPort(request ? port : 40000);
            p.setWireLength(80 + 10 * i);
            p.setIpPayloadLength(46 + 10 * i);
            p.setTransportHeaderLength(8);
            if (first == null) {
                first = new PacketRecord().copyFrom(p);
                flow.start(p, FlowKey.sourceIsA(p));
            }
            flow.add(p, FlowKey.sourceIsA(p));
        }
        return FlowRecord.of(FlowKey.of(first), flow, EndReason.IDLE);
    }
}
