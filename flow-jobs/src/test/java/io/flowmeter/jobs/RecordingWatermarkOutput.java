package io.flowmeter.jobs;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.util.ArrayList;
import java.util.List;

/** A watermark output that keeps the timestamps of the watermarks emitted to it, in order. */
final class RecordingWatermarkOutput implements WatermarkOutput {

    final List<Long> emitted = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
        emitted.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
}
