package io.flowmeter.jobs;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.time.Duration;

/**
 * Watermarks for live capture, where capture time is wall-clock time: the usual bounded out-of-orderness from the
 * packets, but never further behind the wall clock than the out-of-orderness plus {@code clockLag}. So when
 * traffic stops, event time still moves on and idle flows end on schedule, which a clock driven by packets alone
 * (NFStream's live mode) never does. Packets captured more than that behind the clock arrive late: they still
 * count, in the flow they find open.
 */
final class WallClockFallbackWatermarks implements WatermarkGenerator<PacketRecord> {

    private final long outOfOrdernessMillis;
    private final long clockLagMillis;
    private long maxTimestamp;
    private long emitted = Long.MIN_VALUE;

    WallClockFallbackWatermarks(Duration outOfOrderness, Duration clockLag) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.clockLagMillis = clockLag.toMillis();
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(PacketRecord packet, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long fromPackets = maxTimestamp - outOfOrdernessMillis - 1;
        long fromClock = System.currentTimeMillis() - outOfOrdernessMillis - clockLagMillis;
        long watermark = Math.max(fromPackets, fromClock);
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
