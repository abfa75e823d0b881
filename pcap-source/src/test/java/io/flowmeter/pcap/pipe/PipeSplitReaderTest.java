package io.flowmeter.pcap.pipe;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.testing.SharedData;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Standard input's reader, on the bytes of a sample capture: its packets, then the marker of its end. */
class PipeSplitReaderTest {

    private static List<PacketRecord> readAll(byte[] stream) throws IOException {
        PipeSplitReader reader = new PipeSplitReader(new ByteArrayInputStream(stream), false);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(PipeSplit.STDIN)));
        List<PacketRecord> records = new ArrayList<>();
        for (int fetch = 0; fetch < 10_000; fetch++) {
            RecordsWithSplitIds<PacketRecord> batch = reader.fetch();
            String split;
            while ((split = batch.nextSplit()) != null) {
                assertThat(split).isEqualTo("stdin");
                PacketRecord record;
                while ((record = batch.nextRecordFromSplit()) != null) {
                    records.add(record);
                }
            }
            if (batch.finishedSplits().contains("stdin")) {
                assertThat(reader.fetch().nextSplit()).as("nothing after the end").isNull();
                return records;
            }
        }
        throw new AssertionError("the stream never ended");
    }

    @Test
    void aCaptureStreamGivesItsPacketsThenItsEnd() throws IOException {
        byte[] capture = Files.readAllBytes(SharedData.sampleData().resolve("loopback-http-curl.pcap"));

        List<PacketRecord> records = readAll(capture);

        assertThat(records).hasSize(80);
        assertThat(records.subList(0, 79)).allMatch(r -> r.getKind() == PacketKind.IP);
        assertThat(records.get(79).getKind()).isEqualTo(PacketKind.FILE_DONE);
        assertThat(records.get(79).getFileBytes()).isEqualTo(capture.length);
        assertThat(records.get(0)).as("each packet its own record").isNotSameAs(records.get(1));
    }

    /**
     * A pipe that the reader has drained (it takes what the pipe holds at once) still leaves many frames at hand:
     * they go on in one batch, not one fetch (and one hand-over to the task thread) per frame.
     */
    @Test
    void framesAlreadyReadFromADrainedPipeGoOnInOneBatch() throws IOException {
        byte[] capture = Files.readAllBytes(SharedData.sampleData().resolve("loopback-http-curl.pcap"));
        ByteArrayInputStream drained = new ByteArrayInputStream(capture) {
            @Override
            public synchronized int available() {
                return 0; // as a pipe whose bytes the reader has just taken
            }
        };
        PipeSplitReader reader = new PipeSplitReader(drained, false);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(PipeSplit.STDIN)));

        int records = 0;
        int fetches = 0;
        boolean ended = false;
        while (!ended) {
            RecordsWithSplitIds<PacketRecord> batch = reader.fetch();
            fetches++;
            while (batch.nextSplit() != null) {
                while (batch.nextRecordFromSplit() != null) {
                    records++;
                }
            }
            ended = batch.finishedSplits().contains("stdin");
        }
        assertThat(records).as("the 79 packets and the end of the capture").isEqualTo(80);
        // At most a fetch per 64 KiB buffer the reader fills, and one for the end: not one per frame.
        assertThat(fetches).isLessThanOrEqualTo(capture.length / 65536 + 2);
    }

    @Test
    void aCutStreamEndsWithTheCorruptMarkerNamingStandardInputAndTheOffset() throws IOException {
        byte[] capture = Files.readAllBytes(SharedData.sampleData().resolve("loopback-http-curl.pcap"));
        byte[] cut = Arrays.copyOf(capture, capture.length - 10);

        List<PacketRecord> records = readAll(cut);

        PacketRecord end = records.get(records.size() - 1);
        assertThat(end.getKind()).isEqualTo(PacketKind.FILE_CORRUPT);
        assertThat(end.getFile()).isEqualTo("standard input");
        assertThat(end.getError()).contains("standard input").containsPattern("offset \\d+");
        assertThat(records).hasSize(79).filteredOn(r -> r.getKind() == PacketKind.IP).hasSize(78);
    }

    @Test
    void aStreamThatIsNoCaptureIsReportedAtOffsetZero() throws IOException {
        List<PacketRecord> records = readAll("GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).getKind()).isEqualTo(PacketKind.FILE_CORRUPT);
        assertThat(records.get(0).getError()).contains("bad magic");
    }
}
