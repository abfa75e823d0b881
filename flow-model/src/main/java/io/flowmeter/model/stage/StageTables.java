package io.flowmeter.model.stage;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.ml.common.datastream.TableUtils;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableImpl;
import org.apache.flink.types.Row;

import java.util.Arrays;

/** Conversions every stage needs between Flink ML's tables and the DataStream rows it computes on. */
public final class StageTables {

    private StageTables() {}

    public static StreamTableEnvironment environmentOf(Table table) {
        return (StreamTableEnvironment) ((TableImpl) table).getTableEnvironment();
    }

    public static RowTypeInfo rowType(Table table) {
        return TableUtils.getRowTypeInfo(table.getResolvedSchema());
    }

    /** The row type of {@code table} with one more column. */
    public static RowTypeInfo withColumn(RowTypeInfo type, String name, TypeInformation<?> columnType) {
        TypeInformation<?>[] types = Arrays.copyOf(type.getFieldTypes(), type.getArity() + 1);
        String[] names = Arrays.copyOf(type.getFieldNames(), type.getArity() + 1);
        types[type.getArity()] = columnType;
        names[type.getArity()] = name;
        return new RowTypeInfo(types, names);
    }

    /** The row type with two more columns. */
    public static RowTypeInfo withColumns(RowTypeInfo type, String first, TypeInformation<?> firstType, String second,
            TypeInformation<?> secondType) {
        return withColumn(withColumn(type, first, firstType), second, secondType);
    }

    /** {@code row} followed by {@code values}, keeping field names so later stages can look columns up. */
    public static Row append(Row row, Object... values) {
        Row out = Row.withPositions(row.getArity() + values.length);
        for (int i = 0; i < row.getArity(); i++) {
            out.setField(i, row.getField(i));
        }
        for (int i = 0; i < values.length; i++) {
            out.setField(row.getArity() + i, values[i]);
        }
        return out;
    }

    public static DataStream<Row> rows(Table table) {
        return environmentOf(table).toDataStream(table);
    }

    /**
     * The records of a model-data table. Vectors sit in such tables as RAW values, which the table API will not
     * map to a class directly, so each record is rebuilt from its row.
     */
    public static <T> SingleOutputStreamOperator<T> modelData(Table table, Class<T> type, MapFunction<Row, T> fromRow) {
        return rows(table).map(fromRow, TypeInformation.of(type)).name("model data");
    }
}
