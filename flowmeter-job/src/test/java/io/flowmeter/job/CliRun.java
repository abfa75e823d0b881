package io.flowmeter.job;

import io.flowmeter.job.cli.FlowMeterCli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One in-process run of {@code bin/flowmeter}'s command line: its exit status, output and flows. */
final class CliRun {

    final int exitStatus;
    final String out;
    final String err;

    private CliRun(int exitStatus, String out, String err) {
        this.exitStatus = exitStatus;
        this.out = out;
        this.err = err;
    }

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FlowMeterCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Asserts that the run was refused as a usage error (status 2) with {@code message}, and no stack trace. */
    static void assertUsageError(CliRun run, String message) {
        org.assertj.core.api.Assertions.assertThat(run.exitStatus).as(run.toString()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(run.err).as(run.toString()).contains(message)
                .doesNotContain("\tat ");
    }

    /** The header of every flow file in {@code dir}, which must all be the same. */
    static List<String> header(Path dir) throws IOException {
        List<String> headers = flowFiles(dir).stream().map(CliRun::firstLine).distinct().collect(Collectors.toList());
        if (headers.size() != 1) {
            throw new AssertionError("flow files of " + dir + " have headers " + headers);
        }
        return Arrays.asList(headers.get(0).split(",", -1));
    }

    /** Every flow row of every flow file in {@code dir}, as column name to value. */
    static List<Map<String, String>> flows(Path dir) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Path file : flowFiles(dir)) {
            List<String> lines = Files.readAllLines(file);
            String[] names = lines.get(0).split(",", -1);
            for (String line : lines.subList(1, lines.size())) {
                String[] values = line.split(",", -1);
                if (values.length != names.length) {
                    throw new AssertionError(file + ": " + values.length + " values for " + names.length + " columns");
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    row.put(names[i], values[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static List<Path> flowFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("flows-.*\\.csv")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String firstLine(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().orElse("");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitStatus + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
