package io.flowmeter.pcap.source;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

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
}
