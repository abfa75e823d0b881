package io.flowmeter.pcap.source;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureFileFilterTest {

    @Test
    void captureNamesAreRecognised() {
        assertThat(CaptureFileFilter.isCaptureName("trace.pcap")).isTrue();
        assertThat(CaptureFileFilter.isCaptureName("TRACE.PCAPNG")).isTrue();
        assertThat(CaptureFileFilter.isCaptureName("rotated.pcap7")).isTrue();
        assertThat(CaptureFileFilter.isCaptureName("old.cap.gz")).isTrue();
        assertThat(CaptureFileFilter.isCaptureName("x.pcap.streams.tsv")).isFalse();
        assertThat(CaptureFileFilter.isCaptureName("MANIFEST.md")).isFalse();
    }

    @Test
    void explicitFilesAreReadWhateverTheirNameAndHiddenFilesAreSkipped() {
        CaptureFileFilter filter = new CaptureFileFilter(Set.of("file:/data/notes.txt"));

        assertThat(filter.test(new Path("file:/data/notes.txt"))).isTrue();
        assertThat(filter.test(new Path("file:/data/other.txt"))).isFalse();
        assertThat(filter.test(new Path("file:/data/.hidden.pcap"))).isFalse();
        assertThat(filter.test(new Path("file:/data/a.pcap"))).isTrue();
    }

    @Test
    void aWatchPassesOverCapturesThatChangedWithinTheSettleTime(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path fresh = Files.createFile(dir.resolve("fresh.pcap"));
        java.nio.file.Path settled = Files.createFile(dir.resolve("settled.pcap"));
        Files.setLastModifiedTime(settled, FileTime.from(Instant.now().minusSeconds(60)));
        CaptureFileFilter filter = new CaptureFileFilter(Set.of(), 10_000);

        assertThat(filter.test(new Path(fresh.toUri()))).isFalse();
        assertThat(filter.test(new Path(settled.toUri()))).isTrue();
        assertThat(filter.test(new Path(dir.toUri()))).as("directories are descended into").isTrue();
        assertThat(filter.test(new Path(dir.resolve("gone.pcap").toUri()))).as("vanished files wait").isFalse();
    }
}
