package io.flowmeter.jobs;

import io.flowmeter.packet.PacketRecord;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WallClockFallbackWatermarksTest {

    private final RecordingWatermarkOutput output = new RecordingWatermarkOutput();
    private final List<Long> emitted = output.emitted;

    @Test
    void withoutPacketsEventTimeFollowsTheWallClockBehindByOutOfOrdernessAndLag() {
        WallClockFallbackWatermarks watermarks =
                new WallClockFallbackWatermarks(Duration.ofSeconds(1), Duration.ofSeconds(2));
        long before = System.currentTimeMillis();
        watermarks.onPeriodicEmit(output);
        long after = System.currentTimeMillis();

        assertThat(emitted).singleElement().satisfies(w -> assertThat(w).isBetween(before - 3000, after - 3000));
    }

    @Test
    void packetsAheadOfTheClockLeadAndTheWatermarkNeverGoesBack() {
        WallClockFallbackWatermarks watermarks =
                new WallClockFallbackWatermarks(Duration.ofSeconds(1), Duration.ofSeconds(2));
        long ahead = System.currentTimeMillis() + 60_000;
        watermarks.onEvent(new PacketRecord(), ahead, output);
        watermarks.onPeriodicEmit(output);
        watermarks.onEvent(new PacketRecord(), ahead - 30_000, output);
        watermarks.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(ahead - 1001);
    }
}
