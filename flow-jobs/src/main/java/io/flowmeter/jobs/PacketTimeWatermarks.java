package io.flowmeter.jobs;

import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.time.Duration;

/**
 * Bounded out-of-orderness watermarks emitted by the packets themselves: as soon as a packet moves the watermark
 * (the highest capture time so far, less the out-of-orderness) into a later millisecond. Flink's periodic
 * generator emits on a wall-clock schedule instead, so how far event time had got when the input ended, and with
 * it whether an open flow ends as {@code idle} or {@code eof}, depended on how fast the machine read: a cluster
 * and a laptop labelled the same capture differently. Here event time is a function of the packet sequence, so
 * each reading of an archive gives the same flows, end reasons included. One watermark per millisecond of capture
 * time at most, which busy traffic shares among many packets.
 */
final class PacketTimeWatermarks implements WatermarkGenerator<PacketRecord> {

    private final long outOfOrdernessMillis;
    private long emitted = Long.MIN_VALUE;

    PacketTimeWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
    }

    @Override
    public void onEvent(PacketRecord packet, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Long.MIN_VALUE) {
            return; // a marker, which carries no time
        }
        long watermark = eventTimestamp - outOfOrdernessMillis - 1;
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // all emitted in onEvent
    }
}
