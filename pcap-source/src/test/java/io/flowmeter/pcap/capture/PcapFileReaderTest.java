package io.flowmeter.pcap.capture;

import io.flowmeter.testing.CaptureBuilder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapFileReaderTest {

    private static final byte[] FRAME = new byte[60];

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsBothByteOrdersWithMicrosecondTimestamps(boolean bigEndian) throws Exception {
        byte[] capture = CaptureBuilder.pcap(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(1_600_000_000L, 123_456, FRAME, 60)
                .record(1_600_000_001L, 999_999, FRAME, 1514)
                .bytes();

        List<CaptureTesting.Frame> frames = CaptureTesting.readAll(capture);

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).timestampNanos).isEqualTo(1_600_000_000_123_456_000L);
        assertThat(frames.get(1).timestampNanos).isEqualTo(1_600_000_001_999_999_000L);
        assertThat(frames.get(1).capturedLength).isEqualTo(60);
        assertThat(frames.get(1).wireLength).isEqualTo(1514);
        assertThat(frames.get(0).linkType).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsNanosecondMagic(boolean bigEndian) throws Exception {
        byte[] capture = CaptureBuilder.pcap(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, true, 1, 65535)
                .record(1_766_361_926L, 167_647_291, FRAME, 60).bytes();

        assertThat(CaptureTesting.readAll(capture).get(0).timestampNanos).isEqualTo(1_766_361_926_167_647_291L);
    }

    @Test
    void fcsBitsOfTheLinkTypeAreMasked() throws Exception {
        int ethernetWithFourByteFcs = 0x04000000 | (4 << 28) | 1;
        byte[] capture = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, ethernetWithFourByteFcs, 65535)
                .record(1, 0, FRAME, 60).bytes();

        assertThat(CaptureTesting.readAll(capture).get(0).linkType).isEqualTo(1);
    }

    @Test
    void secondsBeyond2038AreUnsigned() throws Exception {
        byte[] capture = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(0xF0000000L, 0, FRAME, 60).bytes();

        assertThat(CaptureTesting.readAll(capture).get(0).timestampNanos).isEqualTo(0xF0000000L * 1_000_000_000L);
    }

    @Test
    void emptyFileIsReported() {
        assertThatThrownBy(() -> CaptureFiles.open("empty.pcap", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("empty.pcap at byte offset 0: empty file: not a pcap or pcapng capture");
    }

    @Test
    void badMagicIsReported() {
        byte[] notACapture = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes();
        assertThatThrownBy(() -> CaptureFiles.open("page.html", new ByteArrayInputStream(notACapture)))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("page.html at byte offset 0: bad magic 0x47455420");
    }

    @Test
    void truncatedFileHeaderIsReported() {
        byte[] capture = Arrays.copyOf(CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535).bytes(), 10);
        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("at byte offset 10: truncated pcap file header: 10 of 24 bytes");
    }

    @Test
    void truncatedRecordHeaderIsReportedWithOffset() {
        byte[] whole = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(1, 0, FRAME, 60).record(2, 0, FRAME, 60).bytes();
        byte[] cut = Arrays.copyOf(whole, 24 + 76 + 7);

        assertThatThrownBy(() -> CaptureTesting.readAll(cut))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("test.cap at byte offset 100: truncated record header: 7 of 16 bytes");
    }

    @Test
    void truncatedRecordDataIsReportedWithOffset() {
        byte[] whole = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(1, 0, FRAME, 60).record(2, 0, FRAME, 60).bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 20);

        assertThatThrownBy(() -> CaptureTesting.readAll(cut))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("test.cap at byte offset 100: truncated record: header announces 60 captured bytes,"
                        + " only 40 remain");
    }

    @Test
    void recordLongerThan256KiBIsReported() {
        byte[] capture = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 0)
                .record(1, 0, FRAME, 60).record(2, 0, FRAME, 0x7FFF0000, 60).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("test.cap at byte offset 100: captured length 2147418112 exceeds the 262144-byte"
                        + " (256 KiB) limit");
    }

    @Test
    void recordLongerThanTheSnapLengthIsReported() {
        byte[] capture = CaptureBuilder.pcap(ByteOrder.BIG_ENDIAN, false, 1, 96)
                .record(1, 0, new byte[200], 200).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("test.cap at byte offset 24: captured length 200 exceeds the snapshot length 96");
    }

    @Test
    void positionAndSeekResumeAtARecord() throws Exception {
        byte[] capture = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535)
                .record(1, 0, FRAME, 60).record(2, 0, FRAME, 60).record(3, 0, FRAME, 60).bytes();
        CaptureFileReader first = CaptureFiles.open("a", new ByteArrayInputStream(capture));
        CapturedFrame frame = new CapturedFrame();
        first.next(frame);
        long position = first.position();

        CaptureFileReader restored = CaptureFiles.open("a", new ByteArrayInputStream(capture));
        restored.seek(position);

        assertThat(restored.next(frame)).isTrue();
        assertThat(frame.timestampNanos()).isEqualTo(2_000_000_000L);
        assertThat(restored.next(frame)).isTrue();
        assertThat(restored.next(frame)).isFalse();
    }
}
