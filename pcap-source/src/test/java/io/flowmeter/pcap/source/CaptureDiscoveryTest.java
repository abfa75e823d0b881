package io.flowmeter.pcap.source;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureDiscoveryTest {

    @Test
    void captureNamesAreRecognised() {
        assertThat(CaptureDiscovery.isCaptureName("trace.pcap")).isTrue();
        assertThat(CaptureDiscovery.isCaptureName("TRACE.PCAPNG")).isTrue();
        assertThat(CaptureDiscovery.isCaptureName("rotated.pcap7")).isTrue();
        assertThat(CaptureDiscovery.isCaptureName("old.cap.gz")).isTrue();
        assertThat(CaptureDiscovery.isCaptureName("win.dmp")).isTrue();
        assertThat(CaptureDiscovery.isCaptureName("x.pcap.streams.tsv")).isFalse();
        assertThat(CaptureDiscovery.isCaptureName("MANIFEST.md")).isFalse();
    }

    @Test
    void explicitFilesAreReadWhateverTheirNameAndHiddenFilesAreSkipped() {
        CaptureDiscovery discovery = new CaptureDiscovery(Set.of("file:/data/notes.txt"));

        assertThat(discovery.test(new Path("file:/data/notes.txt"))).isTrue();
        assertThat(discovery.test(new Path("file:/data/other.txt"))).isFalse();
        assertThat(discovery.test(new Path("file:/data/.hidden.pcap"))).isFalse();
        assertThat(discovery.test(new Path("file:/data/_partial.pcap"))).isFalse();
        assertThat(discovery.test(new Path("file:/data/a.pcap"))).isTrue();
    }

    @Test
    void aWatchPassesOverCapturesThatChangedWithinTheSettleTime(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path fresh = Files.createFile(dir.resolve("fresh.pcap"));
        java.nio.file.Path settled = Files.createFile(dir.resolve("settled.pcap"));
        Files.setLastModifiedTime(settled, FileTime.from(Instant.now().minusSeconds(60)));
        CaptureDiscovery discovery = new CaptureDiscovery(Set.of(), 10_000);

        assertThat(discovery.test(new Path(fresh.toUri()))).isFalse();
        assertThat(discovery.test(new Path(settled.toUri()))).isTrue();
        assertThat(discovery.test(new Path(dir.toUri()))).as("directories are descended into").isTrue();
        assertThat(discovery.test(new Path(dir.resolve("gone.pcap").toUri()))).as("vanished files wait").isFalse();
    }

    @Test
    void localListingSkipsHiddenFilesAndDirectoriesAndKeepsNamedFiles(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path captures = Files.createDirectories(dir.resolve("captures"));
        Files.createFile(captures.resolve("b.pcap"));
        Files.createFile(captures.resolve("a.pcapng.gz"));
        Files.createFile(captures.resolve("notes.txt"));
        Files.createFile(captures.resolve(".hidden.pcap"));
        Files.createFile(captures.resolve("_writing.pcap"));
        Files.createDirectories(captures.resolve("day2"));
        Files.createFile(captures.resolve("day2").resolve("c.cap3"));
        Files.createDirectories(captures.resolve(".snapshots"));
        Files.createFile(captures.resolve(".snapshots").resolve("old.pcap"));
        Files.createDirectories(captures.resolve("_temporary"));
        Files.createFile(captures.resolve("_temporary").resolve("part.pcap"));
        java.nio.file.Path named = Files.createFile(dir.resolve("named.bin"));

        List<java.nio.file.Path> found = CaptureDiscovery.captures(List.of(captures, named));

        assertThat(found).containsExactly(captures.resolve("a.pcapng.gz"), captures.resolve("b.pcap"),
                captures.resolve("day2").resolve("c.cap3"), named);
    }

    @Test
    void theSourcesEnumerateExactlyTheFilesOfTheLocalListing(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path input = Files.createDirectories(dir.resolve("_inputs"));
        Files.createFile(input.resolve("a.pcap"));
        Files.createFile(input.resolve("_b.pcap"));
        Files.createDirectories(input.resolve(".git"));
        Files.createFile(input.resolve(".git").resolve("c.pcap"));
        Files.createDirectories(input.resolve("sub"));
        Files.createFile(input.resolve("sub").resolve("d.dmp"));
        Path root = new Path(input.toUri());
        CaptureDiscovery discovery = new CaptureDiscovery(Set.of(root.toString()));

        List<String> enumerated = new NonSplittingRecursiveEnumerator(discovery)
                .enumerateSplits(new Path[] {root}, 1).stream()
                .map(FileSourceSplit::path).map(p -> p.getPath()).sorted().collect(Collectors.toList());

        assertThat(enumerated).containsExactlyElementsOf(CaptureDiscovery.captures(List.of(input)).stream()
                .map(p -> new Path(p.toUri()).getPath()).collect(Collectors.toList()));
        assertThat(enumerated).hasSize(2);
    }
}
