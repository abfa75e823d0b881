package io.flowmeter.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real captures of {@code ../shared/pcaps} (with their tshark oracles) and the project's own sample-data.
 * Tests that need {@code ../shared} skip when it is absent, as in a fresh clone.
 */
public final class SharedData {

    private SharedData() {}

    public static Path sharedPcaps() {
        Optional<Path> dir = sharedPcapsIfPresent();
        Assumptions.assumeTrue(dir.isPresent(), "../shared/pcaps is absent (fresh clone): skipped");
        return dir.get();
    }

    /** ../shared/pcaps, for tests that use it when there and run without it otherwise. */
    public static Optional<Path> sharedPcapsIfPresent() {
        Path dir = Path.of(System.getProperty("flowmeter.shared.dir", "../../shared")).resolve("pcaps");
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** The labelled flow tables of {@code ../shared/flows}; skips the test when absent. */
    public static Path sharedFlows() {
        Path dir = Path.of(System.getProperty("flowmeter.shared.dir", "../../shared")).resolve("flows");
        Assumptions.assumeTrue(Files.isDirectory(dir), "../shared/flows is absent (fresh clone): skipped");
        return dir.toAbsolutePath().normalize();
    }

    /** The capture files of ../shared/pcaps (not the oracle files), sorted by name. */
    public static List<Path> sharedCaptures() {
        try (Stream<Path> files = Files.list(sharedPcaps())) {
            return files.filter(p -> p.getFileName().toString().matches(".*\\.pcap(ng)?"))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's labelled loopback recordings of real tools ({@code training-data/}). */
    public static Path trainingData() {
        return Path.of(System.getProperty("flowmeter.training.dir", "../training-data")).toAbsolutePath().normalize();
    }

    public static Path sampleData() {
        Path dir = Path.of(System.getProperty("flowmeter.sample.dir", "../sample-data"));
        return dir.toAbsolutePath().normalize();
    }
}
