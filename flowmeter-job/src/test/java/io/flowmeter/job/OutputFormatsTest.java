package io.flowmeter.job;

import io.flowmeter.job.sink.NioInputFile;
import io.flowmeter.job.sink.SchemaFile;
import io.flowmeter.testing.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --format parquet} and {@code --format json} hold the rows of the CSV output, value for value (read back
 * with parquet-hadoop and Jackson), in every feature set, and each output directory describes its columns in
 * {@code _schema.json}.
 */
class OutputFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestClusters.twoSlots();

    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({"flowmeter, flowmeter", "extended, flowmeter", "flowmeter, cic"})
    void parquetAndJsonLinesHoldTheRowsOfTheCsv(String features, String schema) throws Exception {
        List<String> inputs = new ArrayList<>(List.of(SharedData.sampleData().toString()));
        SharedData.sharedPcapsIfPresent().ifPresent(shared -> inputs.add(shared.toString())); // 42,000 flows more
        Map<String, List<String>> rows = new java.util.HashMap<>();
        for (String format : List.of("csv", "parquet", "json")) {
            Path out = dir.resolve(format);
            List<String> args = new ArrayList<>(List.of("--input"));
            args.addAll(inputs);
            args.addAll(List.of("--output", out.toString(), "--format", format, "--features", features, "--schema",
                    schema, "--no-progress"));
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertThat(run.exitStatus).as(run.toString()).isZero();
            rows.put(format, rows(out, format));
        }

        System.out.printf("output formats (%s, %s): %d rows each%n", features, schema, rows.get("csv").size());
        assertThat(rows.get("csv")).isNotEmpty();
        assertThat(rows.get("parquet")).isEqualTo(rows.get("csv"));
        assertThat(rows.get("json")).isEqualTo(rows.get("csv"));
        for (String format : List.of("csv", "parquet", "json")) {
            JsonNode schemaFile = JSON.readTree(dir.resolve(format).resolve(SchemaFile.NAME).toFile());
            assertThat(schemaFile.get("format").asText()).isEqualTo(format);
            assertThat(schemaFile.get("columns").findValuesAsText("name")).isEqualTo(CliRun.header(dir.resolve("csv")));
        }
    }

    /**
     * Every row of the output, as the column names and canonical values (text as is, whole numbers as longs,
     * decimals as Java prints the double), sorted.
     */
    static List<String> rows(Path out, String format) throws Exception {
        JsonNode schema = JSON.readTree(out.resolve(SchemaFile.NAME).toFile());
        List<String> names = schema.get("columns").findValuesAsText("name");
        List<String> types = schema.get("columns").findValuesAsText("type");
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("flows-")).sorted()
                    .collect(Collectors.toList())) {
                switch (format) {
                    case "csv":
                        List<String> lines = Files.readAllLines(file);
                        assertThat(lines.get(0)).isEqualTo(String.join(",", names));
                        for (String line : lines.subList(1, lines.size())) {
                            String[] values = line.split(",", -1);
                            rows.add(canonical(names, types, i -> values[i]));
                        }
                        break;
                    case "json":
                        for (String line : Files.readAllLines(file)) {
                            JsonNode row = JSON.readTree(line);
                            assertThat(row.size()).isEqualTo(names.size());
                            rows.add(canonical(names, types, i -> row.get(names.get(i)).asText()));
                        }
                        break;
                    default:
                        for (Group row : NioInputFile.rows(file)) {
                            List<Type> fields = row.getType().getFields();
                            assertThat(fields).extracting(Type::getName).isEqualTo(names);
                            rows.add(canonical(names, types, i -> parquetValue(row, fields.get(i), i)));
                        }
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String parquetValue(Group row, Type field, int i) {
        switch (field.asPrimitiveType().getPrimitiveTypeName()) {
            case BINARY:
                return row.getString(i, 0);
            case INT64:
                return Long.toString(row.getLong(i, 0));
            case DOUBLE:
                return Double.toString(row.getDouble(i, 0));
            default:
                throw new AssertionError("unexpected Parquet type of " + field);
        }
    }

    private static String canonical(List<String> names, List<String> types,
            java.util.function.IntFunction<String> value) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String text = value.apply(i);
            String canonical = types.get(i).equals("int64") ? Long.toString(Long.parseLong(text))
                    : types.get(i).equals("double") ? Double.toString(Double.parseDouble(text)) : text;
            row.append(names.get(i)).append('=').append(canonical).append(';');
        }
        return row.toString();
    }
}
