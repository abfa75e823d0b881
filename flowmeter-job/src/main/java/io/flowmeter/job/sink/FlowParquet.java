package io.flowmeter.job.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import java.util.HashMap;
import java.util.List;

/**
 * Parquet part files of flows, written by Flink's {@link ParquetWriterFactory} with a write support of this
 * project's: each column of a {@link FlowColumns} straight to a required Parquet column (text as UTF-8 strings,
 * whole numbers as int64, the rest as double), with no Avro or row conversion in between.
 */
final class FlowParquet {

    private FlowParquet() {}

    /** Writers of Snappy-compressed Parquet files of records in {@code columns}. */
    static <T> BulkWriter.Factory<T> writers(FlowColumns<T> columns) {
        return new ParquetWriterFactory<>(out -> new Builder<>(out, columns)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // No Hadoop defaults to load: the writer needs none of them.
                .withConf(new Configuration(false))
                .build());
    }

    /** The Parquet schema of {@code columns}: message {@code flow}, one required column each, in order. */
    static MessageType schema(FlowColumns<?> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (FlowColumns.Column<?> column : columns.columns()) {
            switch (column.kind) {
                case TEXT:
                    message.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                            .named(column.name);
                    break;
                case WHOLE:
                    message.required(PrimitiveTypeName.INT64).named(column.name);
                    break;
                default:
                    message.required(PrimitiveTypeName.DOUBLE).named(column.name);
            }
        }
        return message.named("flow");
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final FlowColumns<T> columns;

        Builder(OutputFile out, FlowColumns<T> columns) {
            super(out);
            this.columns = columns;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new ColumnsWriteSupport<>(columns);
        }
    }

    /** Writes each record as one Parquet row, column by column. */
    private static final class ColumnsWriteSupport<T> extends WriteSupport<T> {
        private final List<FlowColumns.Column<T>> columns;
        private final MessageType schema;
        private RecordConsumer consumer;

        ColumnsWriteSupport(FlowColumns<T> columns) {
            this.columns = columns.columns();
            this.schema = schema(columns);
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(T record) {
            consumer.startMessage();
            for (int i = 0; i < columns.size(); i++) {
                FlowColumns.Column<T> column = columns.get(i);
                consumer.startField(column.name, i);
                switch (column.kind) {
                    case TEXT:
                        consumer.addBinary(Binary.fromString(column.text(record)));
                        break;
                    case WHOLE:
                        consumer.addLong(column.whole(record));
                        break;
                    default:
                        consumer.addDouble(column.decimal(record));
                }
                consumer.endField(column.name, i);
            }
            consumer.endMessage();
        }
    }
}
