package io.flowmeter.train.data;

import io.flowmeter.flow.FlowFeature;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Labelled flow tables in CSV: this project's output, FlowMeter (Go) {@code *_flow_stats.csv}, or CICFlowMeter's
 * CSVs (CIC-IDS2017, CSE-CIC-IDS2018). Each file's header names its columns; rows whose label equals the benign
 * value (ignoring case) are benign, all others malicious. Files are read by a Flink {@code FileSource}.
 */
public final class FlowTableInput {

    /** Columns that name a flow rather than describe it: never features by default. */
    static final Set<String> IDENTITY_COLUMNS = Set.of("id", "flow id", "src ip", "src port", "dst ip", "dst port",
            "source ip", "source port", "destination ip", "destination port", "timestamp", "attempted category",
            "fivetuple", "srcip", "dstip", "srcport", "dstport", "flowstartns", "flowendns", "endreason",
            "probability", "verdict");

    private final List<Path> files;
    private final String labelColumn;
    private final String benignValue;
    private final List<String> featureColumns;
    private final List<String> header;

    private FlowTableInput(List<Path> files, String labelColumn, String benignValue, List<String> featureColumns,
            List<String> header) {
        this.files = files;
        this.labelColumn = labelColumn;
        this.benignValue = benignValue;
        this.featureColumns = featureColumns;
        this.header = header;
    }

    /**
     * Checks the files' headers and settles the feature columns: those asked for, else this project's 39 flow
     * features when the tables have them, else every numeric column that is not the label or an identity column.
     *
     * A directory stands for the {@code .csv} files in it and below it, in path order.
     *
     * @throws IllegalArgumentException with a message for the user when a column is missing or headers differ
     */
    public static FlowTableInput open(List<Path> inputs, String labelColumn, String benignValue,
            List<String> requestedFeatures) throws IOException {
        List<Path> files = tableFiles(inputs);
        List<String> header = null;
        List<String> firstRow = null;
        for (Path file : files) {
            List<String>[] top = headerAndFirstRow(file);
            if (header == null) {
                header = top[0];
                firstRow = top[1];
            } else if (!header.equals(top[0])) {
                throw new IllegalArgumentException(file + " has other columns than " + files.get(0)
                        + "; give tables of one layout per run");
            }
        }
        if (!header.contains(labelColumn)) {
            throw new IllegalArgumentException("label column '" + labelColumn + "' is not in " + files.get(0)
                    + "; its columns are " + header);
        }
        List<String> features;
        if (requestedFeatures != null && !requestedFeatures.isEmpty()) {
            for (String feature : requestedFeatures) {
                if (!header.contains(feature)) {
                    throw new IllegalArgumentException("feature column '" + feature + "' is not in " + files.get(0));
                }
            }
            features = requestedFeatures;
        } else if (header.containsAll(defaultFeatures())) {
            features = defaultFeatures();
        } else {
            features = numericColumns(header, firstRow, labelColumn);
        }
        return new FlowTableInput(files, labelColumn, benignValue, features, header);
    }

    /** This project's flow features: FlowMeter's statistics and the per-time rates. */
    public static List<String> defaultFeatures() {
        List<String> names = new ArrayList<>();
        for (FlowFeature feature : FlowFeature.values()) {
            names.add(feature.name());
        }
        return names;
    }

    private static List<String> numericColumns(List<String> header, List<String> row, String labelColumn) {
        List<String> numeric = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.equals(labelColumn) || IDENTITY_COLUMNS.contains(name.trim().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (row != null && i < row.size() && isNumber(row.get(i))) {
                numeric.add(name);
            }
        }
        return numeric;
    }

    static boolean isNumber(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] headerAndFirstRow(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first == null) {
                throw new IllegalArgumentException(file + " is empty: a flow table needs a header row");
            }
            String second = reader.readLine();
            return new List[] {parse(stripBom(first)), second == null ? null : parse(second)};
        }
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    static List<String> parse(String line) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(line), CSVFormat.DEFAULT)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of() : records.get(0).toList();
        }
    }

    public List<String> featureColumns() {
        return featureColumns;
    }

    /** Whether the tables have packet-size totals, from which the flagged byte share is measured. */
    public boolean hasBytes() {
        return bytesIndexes(header).length > 0;
    }

    /** The column(s) whose sum is a flow's bytes: ours and FlowMeter's total, or CICFlowMeter's two directions. */
    static int[] bytesIndexes(List<String> header) {
        int total = header.indexOf("packetSizeTotal");
        if (total >= 0) {
            return new int[] {total};
        }
        int forward = header.indexOf("Total Length of Fwd Packet");
        int backward = header.indexOf("Total Length of Bwd Packet");
        if (forward < 0) {
            forward = header.indexOf("Total Length of Fwd Packets");
            backward = header.indexOf("Total Length of Bwd Packets");
        }
        return forward >= 0 && backward >= 0 ? new int[] {forward, backward} : new int[0];
    }

    /**
     * The rows of every file, with their split: {@code split.of(line)} for training files, or always test when
     * {@code testFiles} is true.
     */
    public DataStream<Row> rows(StreamExecutionEnvironment env, SeededSplit split, boolean testFiles,
            boolean splitHasTest) {
        org.apache.flink.core.fs.Path[] paths = files.stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), paths).build();
        RowTypeInfo type = TrainingRows.type(featureColumns);
        int[] featureIndexes = featureColumns.stream().mapToInt(header::indexOf).toArray();
        int labelIndex = header.indexOf(labelColumn);
        int[] bytesIndexes = bytesIndexes(header);
        int hostIndex = sourceAddressIndex(header);
        String headerLine = String.join(",", header);
        int columns = header.size();
        String benign = benignValue;
        String sourceName = testFiles ? "test tables" : "training tables";
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), sourceName)
                .flatMap((String line, Collector<Row> out) -> {
                    if (line.isEmpty() || stripBom(line).equals(headerLine)) {
                        return;
                    }
                    List<String> fields = parse(line);
                    if (fields.size() != columns) {
                        return; // a header repeated mid-file, or a row cut short
                    }
                    String label = fields.get(labelIndex).trim();
                    boolean isBenign = label.equalsIgnoreCase(benign);
                    double bytes = 0;
                    for (int index : bytesIndexes) {
                        bytes += number(fields.get(index));
                    }
                    int side = testFiles ? TrainingRows.TEST : splitHasTest ? split.of(line) : split.ofTraining(line);
                    Row row = TrainingRows.row(featureIndexes.length, isBenign ? 0.0 : 1.0, bytes, side, sourceName,
                            isBenign ? "" : label, hostIndex < 0 ? "" : fields.get(hostIndex).trim());
                    for (int i = 0; i < featureIndexes.length; i++) {
                        row.setField(i, number(fields.get(featureIndexes[i])));
                    }
                    out.collect(row);
                }, type)
                .name("parse flow rows");
    }

    /** The column of the flow's source address (this project's srcIP, CICFlowMeter's Src IP), or -1. */
    static int sourceAddressIndex(List<String> header) {
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replaceAll("[^A-Za-z]", "").toLowerCase(java.util.Locale.ROOT);
            if (name.equals("srcip") || name.equals("sourceip")) {
                return i;
            }
        }
        return -1;
    }

    /** A CSV cell as a finite number; anything else (empty, NaN, Infinity, text) counts as 0. */
    static double number(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Path> tableFiles(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                files.add(input);
                continue;
            }
            try (Stream<Path> tree = Files.walk(input)) {
                List<Path> tables = tree.filter(p -> Files.isRegularFile(p)
                                && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                        .sorted().collect(Collectors.toList());
                if (tables.isEmpty()) {
                    throw new IllegalArgumentException(input + ": a directory without .csv flow tables");
                }
                files.addAll(tables);
            }
        }
        return files;
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public String toString() {
        return "flow tables " + files + ", label " + labelColumn + " (benign: " + benignValue + "), "
                + featureColumns.size() + " features";
    }

    List<String> header() {
        return header;
    }
}
