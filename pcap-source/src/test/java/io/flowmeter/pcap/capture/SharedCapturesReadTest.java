package io.flowmeter.pcap.capture;

import io.flowmeter.testing.SharedData;

import org.junit.jupiter.api.Test;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real capture in {@code ../shared/pcaps} reads without error, frame for frame as libpcap (through pcap4j)
 * reads it: same count, timestamps to the nanosecond, captured and wire lengths. The one exception is documented:
 * seconds beyond 32 bits wrap, where libpcap 1.10 returns them whole.
 */
class SharedCapturesReadTest {

    @Test
    void everySharedCaptureReadsAsLibpcapReadsIt() throws Exception {
        List<Path> captures = SharedData.sharedCaptures();
        assertThat(captures).hasSize(39);
        long frames = 0;
        for (Path capture : captures) {
            frames += compareWithLibpcap(capture);
        }
        // The sum of the MANIFEST's packet column.
        assertThat(frames).isEqualTo(141_012);
    }

    private static long compareWithLibpcap(Path capture) throws Exception {
        PcapHandle libpcap = Pcaps.openOffline(capture.toString(), PcapHandle.TimestampPrecision.NANO);
        long count = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(capture))) {
            CaptureFileReader ours = CaptureFiles.open(capture.toString(), in);
            CapturedFrame frame = new CapturedFrame();
            while (ours.next(frame)) {
                byte[] expected = libpcap.getNextRawPacket();
                assertThat(expected).as("%s frame %d exists for libpcap", capture, count).isNotNull();
                java.sql.Timestamp ts = libpcap.getTimestamp();
                long seconds = Math.floorDiv(ts.getTime(), 1000L);
                if (seconds > 0xFFFFFFFFL) {
                    // Our documented reading of timestamps past 2106 (nfstream__dhcp_big_endian.pcapng).
                    seconds &= 0xFFFFFFFFL;
                }
                long expectedNanos = seconds * 1_000_000_000L + ts.getNanos();
                assertThat(frame.timestampNanos()).as("%s frame %d timestamp", capture, count).isEqualTo(expectedNanos);
                assertThat(frame.capturedLength()).as("%s frame %d captured length", capture, count)
                        .isEqualTo(expected.length);
                assertThat(frame.wireLength()).as("%s frame %d wire length", capture, count)
                        .isEqualTo(libpcap.getOriginalLength());
                count++;
            }
            assertThat(libpcap.getNextRawPacket()).as("%s: libpcap has more frames than %d", capture, count).isNull();
        } finally {
            libpcap.close();
        }
        return count;
    }
}
