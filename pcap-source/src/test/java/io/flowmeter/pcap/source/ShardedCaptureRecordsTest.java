package io.flowmeter.pcap.source;

import io.flowmeter.packet.PacketKind;
import io.flowmeter.packet.PacketRecord;
import io.flowmeter.testing.CaptureBuilder;
import io.flowmeter.testing.Frames;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShardedCaptureRecordsTest {

    private static final int SHARDS = 3;
    /** A test rule: the source port decides the shard. */
    private static final PacketOwnership BY_PORT = (packet, shard, shards) -> packet.getSrcPort() % shards == shard;

    @TempDir java.nio.file.Path dir;

    private FileSourceSplit capture() throws Exception {
        CaptureBuilder b = CaptureBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535);
        for (int i = 0; i < 3000; i++) {
            byte[] frame = i % 100 == 0 ? Frames.ethernet(0x0806, new byte[28])
                    : Frames.ethernet(0x0800, Frames.ipv4("10.0.0.1", "10.0.0.2", 17, Frames.udp(1000 + i % 37, 53, 10)));
            b.record(1000 + i, 0, frame, frame.length);
        }
        java.nio.file.Path file = b.writeTo(dir.resolve("c.pcap"));
        long size = Files.size(file);
        return new FileSourceSplit("0", new Path(file.toUri()), 0, size, 0, size);
    }

    private static List<PacketRecord> readAll(CaptureRecords records) throws Exception {
        List<PacketRecord> out = new ArrayList<>();
        PacketRecord record = new PacketRecord();
        while (records.next(record)) {
            out.add(new PacketRecord().copyFrom(record));
        }
        records.close();
        return out;
    }

    @Test
    void shardsPartitionTheIpPacketsAndShardZeroCountsTheRest() throws Exception {
        FileSourceSplit file = capture();
        List<PacketRecord> whole = readAll(CaptureRecords.open(file, CheckpointedPosition.NO_OFFSET, null));
        List<PacketRecord> union = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            List<PacketRecord> mine = readAll(CaptureRecords.open(CaptureShard.split(file, shard, SHARDS),
                    CheckpointedPosition.NO_OFFSET, BY_PORT));
            for (PacketRecord r : mine) {
                if (r.getKind() == PacketKind.IP) {
                    assertThat(r.getSrcPort() % SHARDS).isEqualTo(shard);
                } else if (r.getKind() != PacketKind.TIME) {
                    assertThat(shard).as("non-IP packets and markers come from shard 0 only").isZero();
                }
            }
            // Each frame here is later than the one before, so every shard sees every frame's time: its own frames,
            // and the others' as TIME records, in file order.
            assertThat(mine.stream().filter(r -> !r.getKind().isMarker()).map(PacketRecord::getTimestampNanos))
                    .as("shard %d's event time", shard)
                    .containsExactlyElementsOf(whole.stream().filter(r -> !r.getKind().isMarker())
                            .map(PacketRecord::getTimestampNanos).collect(java.util.stream.Collectors.toList()));
            mine.stream().filter(r -> r.getKind() != PacketKind.TIME).forEach(union::add);
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(whole);
        assertThat(whole).noneMatch(r -> r.getKind() == PacketKind.TIME);
        assertThat(whole.get(whole.size() - 1).getKind()).isEqualTo(PacketKind.FILE_DONE);
    }

    @Test
    void reopeningAtAPositionContinuesExactly() throws Exception {
        FileSourceSplit shard = CaptureShard.split(capture(), 1, SHARDS);
        List<PacketRecord> whole = readAll(CaptureRecords.open(shard, CheckpointedPosition.NO_OFFSET, BY_PORT));
        for (int stop : new int[] {0, 1, 17, 500, whole.size() - 1, whole.size()}) {
            CaptureRecords first = CaptureRecords.open(shard, CheckpointedPosition.NO_OFFSET, BY_PORT);
            PacketRecord record = new PacketRecord();
            for (int i = 0; i < stop; i++) {
                assertThat(first.next(record)).isTrue();
            }
            long position = first.position();
            first.close();

            List<PacketRecord> rest = readAll(CaptureRecords.open(shard, position, BY_PORT));

            assertThat(rest).as("resumed after %d records", stop).containsExactlyElementsOf(whole.subList(stop, whole.size()));
        }
    }
}
