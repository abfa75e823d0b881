package io.flowmeter.jobs;

import io.flowmeter.packet.PacketRecord;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacketTimeWatermarksTest {

    private final RecordingWatermarkOutput output = new RecordingWatermarkOutput();
    private final List<Long> emitted = output.emitted;

    private final PacketTimeWatermarks watermarks = new PacketTimeWatermarks(Duration.ofSeconds(1));

    @Test
    void eachPacketThatMovesEventTimeToALaterMillisecondEmitsTheWatermarkAtOnce() {
        watermarks.onEvent(new PacketRecord(), 10_000, output);
        watermarks.onEvent(new PacketRecord(), 10_000, output);
        watermarks.onEvent(new PacketRecord(), 10_001, output);
        watermarks.onEvent(new PacketRecord(), 12_500, output);

        assertThat(emitted).containsExactly(8_999L, 9_000L, 11_499L);
    }

    @Test
    void latePacketsMarkersAndTheWallClockNeverMoveIt() {
        watermarks.onEvent(new PacketRecord(), 10_000, output);
        watermarks.onEvent(new PacketRecord(), 9_500, output);
        watermarks.onEvent(new PacketRecord(), Long.MIN_VALUE, output);
        watermarks.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(8_999L);
    }
}
