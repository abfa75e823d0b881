package io.flowmeter.job.cli;

import io.flowmeter.job.sink.FlowFileSink;
import io.flowmeter.job.sink.OutputFormat;
import io.flowmeter.jobs.cli.Usage;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the flows go: a directory of flow files in a format, and/or a Kafka topic. */
final class OutputOptions {

    @Option(names = "--output", paramLabel = "DIR",
            description = "Directory for the flow files (flows-*.csv with one header row each, or .parquet, .jsonl;"
                    + " see --format) and _schema.json, which lists their columns and types; created if missing.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "Flow file format: csv, parquet or json (JSON Lines), all with the same columns."
                    + " Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--flows-topic", paramLabel = "TOPIC",
            description = "Also (or instead) write flows as JSON records to this Kafka topic, exactly once.")
    String flowsTopic;

    @Option(names = "--overwrite",
            description = "Delete flow files of an earlier run in DIR first (otherwise such files are an error).")
    boolean overwrite;

    OutputFormat format(Usage usage) {
        try {
            return OutputFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw usage.error("--format must be csv, parquet or json, got " + format);
        }
    }

    /**
     * Creates the directory if missing and checks that it can be written. Flow files of an earlier run are an error
     * (or deleted, with --overwrite), except when this run resumes that one ({@code resuming}: --restore, or flink
     * run -s), whose committed files are kept and whose pending ones the restored sink finishes.
     */
    Path prepareDirectory(Usage usage, String option, String path, boolean resuming) throws IOException {
        Path directory = Path.of(path).toAbsolutePath().normalize();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw usage.error(option + " " + path + " is a file, not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw usage.error("cannot create " + option + " directory " + path + ": " + e.getMessage());
        }
        if (!Files.isWritable(directory)) {
            throw usage.error(option + " directory " + path + " is not writable");
        }
        if (resuming) {
            return directory;
        }
        List<Path> earlier = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(FlowFileSink.PART_PREFIX) || name.startsWith("." + FlowFileSink.PART_PREFIX)) {
                    earlier.add(entry);
                }
            }
        }
        if (!earlier.isEmpty()) {
            if (!overwrite) {
                throw usage.error(option + " directory " + path + " already holds " + earlier.size()
                        + " flow files of an earlier run; choose another directory or add --overwrite");
            }
            for (Path file : earlier) {
                Files.delete(file);
            }
        }
        return directory;
    }
}
