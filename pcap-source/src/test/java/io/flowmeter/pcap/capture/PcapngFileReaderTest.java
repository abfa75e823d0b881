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

class PcapngFileReaderTest {

    private static final byte[] FRAME = new byte[61];
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsEnhancedPacketsInEitherByteOrder(boolean bigEndian) throws Exception {
        ByteOrder order = bigEndian ? BE : LE;
        byte[] capture = CaptureBuilder.pcapng(order).sectionHeader(order)
                .interfaceDescription(1, 65535, -1, 0)
                .enhancedPacket(0, 1_600_000_000_123_456L, FRAME, 1500)
                .bytes();

        List<CaptureTesting.Frame> frames = CaptureTesting.readAll(capture);

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).timestampNanos).isEqualTo(1_600_000_000_123_456_000L);
        assertThat(frames.get(0).capturedLength).isEqualTo(61);
        assertThat(frames.get(0).wireLength).isEqualTo(1500);
        assertThat(frames.get(0).linkType).isEqualTo(1);
    }

    @Test
    void sectionsMayChangeByteOrderAndInterfaces() throws Exception {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .interfaceDescription(1, 0, -1, 0)
                .enhancedPacket(0, 1_000_000L, FRAME, 61)
                .sectionHeader(BE)
                .interfaceDescription(113, 0, 9, 0)
                .enhancedPacket(0, 2_000_000_000L, FRAME, 61)
                .bytes();

        List<CaptureTesting.Frame> frames = CaptureTesting.readAll(capture);

        assertThat(frames).extracting(f -> f.linkType).containsExactly(1, 113);
        assertThat(frames).extracting(f -> f.timestampNanos).containsExactly(1_000_000_000L, 2_000_000_000L);
    }

    @Test
    void decimalAndBinaryTimestampResolutionsAndOffsets() throws Exception {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .interfaceDescription(1, 0, 3, 0)            // milliseconds
                .interfaceDescription(1, 0, 0x80 | 20, 0)    // 2^-20 s
                .interfaceDescription(1, 0, 9, 1_000)         // nanoseconds, 1000 s later
                .interfaceDescription(1, 0, 0x80 | 40, 0)    // 2^-40 s: the fraction needs 128-bit care
                .interfaceDescription(1, 0, 12, 0)           // picoseconds
                .enhancedPacket(0, 5_250L, FRAME, 61)
                .enhancedPacket(1, (7L << 20) | (1L << 19), FRAME, 61)
                .enhancedPacket(2, 42L, FRAME, 61)
                .enhancedPacket(3, (3L << 40) | (1L << 38), FRAME, 61)
                .enhancedPacket(4, 1_234_567_891_999L, FRAME, 61)
                .bytes();

        assertThat(CaptureTesting.readAll(capture)).extracting(f -> f.timestampNanos).containsExactly(
                5_250_000_000L, 7_500_000_000L, 1_000_000_000_042L, 3_250_000_000L, 1_234_567_891L);
    }

    @Test
    void simpleAndObsoletePacketBlocksAreRead() throws Exception {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .interfaceDescription(1, 0, -1, 0)
                .obsoletePacket(0, 3_000_000L, FRAME, 100)
                .simplePacket(FRAME, 61)
                .bytes();

        List<CaptureTesting.Frame> frames = CaptureTesting.readAll(capture);

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).wireLength).isEqualTo(100);
        // A simple packet block has no timestamp of its own.
        assertThat(frames.get(1).timestampNanos).isEqualTo(3_000_000_000L);
        assertThat(frames.get(1).capturedLength).isEqualTo(61);
    }

    @Test
    void unknownBlocksAreSkipped() throws Exception {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .otherBlock(0x0BAD0001, new byte[37])
                .interfaceDescription(1, 0, -1, 0)
                .otherBlock(4, new byte[12]) // name resolution
                .enhancedPacket(0, 1L, FRAME, 61)
                .otherBlock(5, new byte[20]) // interface statistics
                .bytes();

        assertThat(CaptureTesting.readAll(capture)).hasSize(1);
    }

    @Test
    void blockLengthNotAMultipleOfFourIsReported() {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .rawBlock(0x0BAD0001, 15, new byte[3], 15).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("test.cap at byte offset 32: invalid block length 15 (a block is at least 12 bytes and a"
                        + " multiple of 4)");
    }

    @Test
    void blockLengthBelowTwelveIsReported() {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .rawBlock(6, 8, new byte[0], 8).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("invalid block length 8");
    }

    @Test
    void blockLengthPastTheEndOfTheFileIsReported() {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .rawBlock(0x0BAD0001, 1_000_000, new byte[8], 1_000_000).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("test.cap at byte offset 28: truncated block: its length 1000000 runs past the end of"
                        + " the file");
    }

    @Test
    void trailingLengthThatDiffersIsReported() {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .rawBlock(0x0BAD0001, 16, new byte[4], 20).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("trailing length 20 differs from its leading length 16");
    }

    @Test
    void packetOfAnUndescribedInterfaceIsReported() {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .interfaceDescription(1, 0, -1, 0)
                .enhancedPacket(3, 1L, FRAME, 61).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("packet refers to interface 3 but its section describes 1");
    }

    @Test
    void invalidTimestampResolutionIsReported() {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE)
                .interfaceDescription(1, 0, 0x7F, 0).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("interface 0 has an invalid if_tsresol 0x7f");
    }

    @Test
    void truncatedEnhancedPacketIsReported() {
        byte[] whole = CaptureBuilder.pcapng(LE).sectionHeader(LE).interfaceDescription(1, 0, -1, 0)
                .enhancedPacket(0, 1L, FRAME, 61).bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 9);

        assertThatThrownBy(() -> CaptureTesting.readAll(cut))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("truncated enhanced packet block");
    }

    @Test
    void enhancedPacketLongerThanItsSnapLengthIsReported() {
        byte[] capture = CaptureBuilder.pcapng(LE).sectionHeader(LE).interfaceDescription(1, 32, -1, 0)
                .enhancedPacket(0, 1L, FRAME, 61).bytes();

        assertThatThrownBy(() -> CaptureTesting.readAll(capture))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("captured length 61 exceeds the snapshot length 32");
    }

    @Test
    void seekReplaysInterfacesUpToThePosition() throws Exception {
        byte[] capture = CaptureBuilder.pcapng(BE).sectionHeader(BE)
                .interfaceDescription(1, 0, 9, 0)
                .enhancedPacket(0, 10L, FRAME, 61)
                .interfaceDescription(113, 0, 3, 0)
                .enhancedPacket(1, 20L, FRAME, 61)
                .enhancedPacket(0, 30L, FRAME, 61)
                .bytes();
        CaptureFileReader first = CaptureFiles.open("a", new ByteArrayInputStream(capture));
        CapturedFrame frame = new CapturedFrame();
        first.next(frame);
        first.next(frame);
        long position = first.position();

        CaptureFileReader restored = CaptureFiles.open("a", new ByteArrayInputStream(capture));
        restored.seek(position);

        assertThat(restored.next(frame)).isTrue();
        assertThat(frame.timestampNanos()).isEqualTo(30L);
        assertThat(restored.next(frame)).isFalse();
    }
}
