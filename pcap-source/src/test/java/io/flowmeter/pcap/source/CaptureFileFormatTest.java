package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureFileFormatTest {

    private static final int PACKETS = 2500;

    @TempDir java.nio.file.Path dir;

    private final CaptureFileFormat format = new CaptureFileFormat();

    /** A record copied out of its pooled batch, with the position reported after it. */
    private static final class Read {
        final PacketRecord record;
        final long offset;
        final long skip;

        Read(RecordAndPosition<PacketRecord> r) {
            record = new PacketRecord().copyFrom(r.getRecord());
            offset = r.getOffset();
            skip = r.getRecordSkipCount();
        }
    }

    private static List<Read> drain(BulkFormat.Reader<PacketRecord> reader) throws IOException {
        List<Read> reads = new ArrayList<>();
        BulkFormat.RecordIterator<PacketRecord> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<PacketRecord> r;
            while ((r = batch.next()) != null) {
                reads.add(new Read(r));
            }
            batch.releaseBatch();
        }
        reader.close();
        return reads;
    }

    private static FileSourceSplit split(java.nio.file.Path file) throws IOException {
        long size = Files.exists(file) ? Files.size(file) : 0;
        return new FileSourceSplit("0", new Path(file.toUri()), 0, size, 0, size);
    }

    private static byte[] frame(int i) {
        return Frames.ethernet(0x0800, Frames.ipv4("10.0.0.1", "10.0.0.2", 17, Frames.udp(1000 + i % 7, 53, i % 50)));
    }

    private java.nio.file.Path pcap(String name) throws IOException {
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        for (int i = 0; i < PACKETS; i++) {
            byte[] f = frame(i);
            b.record(1000 + i, 0, f, f.length);
        }
        return b.writeTo(dir.resolve(name));
    }

    private java.nio.file.Path pcapng(String name) throws IOException {
        CaptureBuilder b = CaptureBuilder.pcapng(ByteOrder.BIG_ENDIAN).sectionHeader(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(1, 0, 9, 0);
        for (int i = 0; i < PACKETS; i++) {
            byte[] f = frame(i);
            if (i == PACKETS / 2) {
                b.sectionHeader(ByteOrder.LITTLE_ENDIAN).interfaceDescription(1, 0, 9, 0);
            }
            b.enhancedPacket(0, 1_000_000_000L * (1000 + i), f, f.length);
        }
        return b.writeTo(dir.resolve(name));
    }

    @Test
    void readsEveryPacketThenAFileDoneMarker() throws Exception {
        java.nio.file.Path file = pcap("a.pcap");

        List<Read> reads = drain(format.createReader(new Configuration(), split(file)));

        assertThat(reads).hasSize(PACKETS + 1);
        assertThat(reads.get(0).record.getKind()).isEqualTo(PacketKind.IP);
        assertThat(reads.get(PACKETS - 1).record.getTimestampNanos()).isEqualTo((1000L + PACKETS - 1) * 1_000_000_000L);
        PacketRecord marker = reads.get(PACKETS).record;
        assertThat(marker.getKind()).isEqualTo(PacketKind.FILE_DONE);
        assertThat(marker.getFile()).isEqualTo(file.toString());
        assertThat(marker.getFileBytes()).isEqualTo(Files.size(file));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 700, 1023, 1024, 1025, 1250, 2048, 2499, 2500, 2501})
    void restoredReaderResumesWithoutRepeatingOrLosingRecords(int emittedBeforeCheckpoint) throws Exception {
        for (java.nio.file.Path file : List.of(pcap("b.pcap"), pcapng("b.pcapng"))) {
            List<Read> all = drain(format.createReader(new Configuration(), split(file)));
            Read last = all.get(emittedBeforeCheckpoint - (emittedBeforeCheckpoint == 0 ? 0 : 1));
            CheckpointedPosition position = emittedBeforeCheckpoint == 0
                    ? new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 0)
                    : new CheckpointedPosition(last.offset, last.skip);

            List<Read> resumed = drain(format.restoreReader(new Configuration(),
                    split(file).updateWithCheckpointedPosition(position)));

            List<PacketRecord> expected = new ArrayList<>();
            all.subList(emittedBeforeCheckpoint, all.size()).forEach(r -> expected.add(r.record));
            assertThat(resumed).extracting(r -> r.record).as(file.toString()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void gzipCapturesAreReadTransparently() throws Exception {
        java.nio.file.Path plain = pcapng("c.pcapng");
        java.nio.file.Path gzipped = dir.resolve("c.pcapng.gz");
        Files.write(gzipped, gzip(Files.readAllBytes(plain)));

        List<Read> fromPlain = drain(format.createReader(new Configuration(), split(plain)));
        List<Read> fromGzip = drain(format.createReader(new Configuration(), split(gzipped)));

        assertThat(fromGzip).hasSize(PACKETS + 1);
        for (int i = 0; i < PACKETS; i++) {
            assertThat(fromGzip.get(i).record).isEqualTo(fromPlain.get(i).record);
        }
    }

    @Test
    void truncatedGzipStreamIsReportedAfterItsPackets() throws Exception {
        byte[] compressed = gzip(Files.readAllBytes(pcap("d.pcap")));
        java.nio.file.Path cut = dir.resolve("d.pcap.gz");
        Files.write(cut, Arrays.copyOf(compressed, compressed.length / 2));

        List<Read> reads = drain(format.createReader(new Configuration(), split(cut)));

        PacketRecord marker = reads.get(reads.size() - 1).record;
        assertThat(marker.getKind()).isEqualTo(PacketKind.FILE_CORRUPT);
        assertThat(marker.getError()).startsWith(cut + " at byte offset ").contains("truncated gzip");
        assertThat(reads.size() - 1).isGreaterThan(100).isLessThan(PACKETS);
    }

    @Test
    void corruptRecordEndsTheFileWithAMarkerNamingPathAndOffset() throws Exception {
        byte[] good = Files.readAllBytes(pcap("e.pcap"));
        java.nio.file.Path cut = dir.resolve("e-cut.pcap");
        Files.write(cut, Arrays.copyOf(good, good.length - 5));

        List<Read> reads = drain(format.createReader(new Configuration(), split(cut)));

        assertThat(reads).hasSize(PACKETS);
        PacketRecord marker = reads.get(PACKETS - 1).record;
        assertThat(marker.getKind()).isEqualTo(PacketKind.FILE_CORRUPT);
        assertThat(marker.getError()).matches(java.util.regex.Pattern.quote(cut.toString())
                + " at byte offset \\d+: truncated record: header announces \\d+ captured bytes, only \\d+ remain");
    }

    @Test
    void fileThatVanishedAfterListingIsReportedNotFatal() throws Exception {
        java.nio.file.Path gone = dir.resolve("gone.pcap");

        List<Read> reads = drain(format.createReader(new Configuration(), split(gone)));

        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).record.getKind()).isEqualTo(PacketKind.FILE_CORRUPT);
        assertThat(reads.get(0).record.getError()).contains("gone.pcap at byte offset 0: cannot open");
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
