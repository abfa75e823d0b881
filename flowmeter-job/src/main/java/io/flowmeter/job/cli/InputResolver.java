package io.flowmeter.job.cli;

import io.flowmeter.pcap.source.CaptureDiscovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the input paths before the job starts: which exist and can be read, which are files and which are
 * directories, and how many capture files and bytes they hold (for progress: the files the source reads). Missing and unreadable inputs are
 * reported, not fatal, unless none is left.
 */
final class InputResolver {

    final List<Path> readable = new ArrayList<>();
    final List<Path> files = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    long captureFiles;
    long captureBytes;

    /** No captures: the job reads Kafka. */
    static InputResolver none() {
        return new InputResolver();
    }

    static InputResolver resolve(List<String> inputs) {
        InputResolver resolver = new InputResolver();
        for (String input : inputs) {
            resolver.add(Path.of(input));
        }
        return resolver;
    }

    private void add(Path path) {
        if (!Files.exists(path)) {
            problems.add(path + ": input not found");
            return;
        }
        if (!Files.isReadable(path)) {
            problems.add(path + ": input not readable (permission denied)");
            return;
        }
        Path absolute = path.toAbsolutePath().normalize();
        readable.add(absolute);
        if (Files.isDirectory(absolute)) {
            countCaptures(absolute);
        } else {
            files.add(absolute);
            captureFiles++;
            captureBytes += sizeOf(absolute);
        }
    }

    /** The captures the source will read, as {@link CaptureDiscovery} finds them. */
    private void countCaptures(Path directory) {
        try {
            for (Path capture : CaptureDiscovery.captures(List.of(directory))) {
                captureFiles++;
                captureBytes += sizeOf(capture);
            }
        } catch (UncheckedIOException e) {
            problems.add(directory + ": cannot list directory: " + e.getMessage());
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
