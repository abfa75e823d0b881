package io.flowmeter.job;

import io.flowmeter.jobs.FlowStreams;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.CaptureFlows;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Capture files and directories: read once (sharded or shuffled), or watched for new captures. */
public final class CaptureSource implements FlowSource {

    private final List<Path> inputs;
    private final Set<Path> explicitFiles;
    private final CaptureFlows.Layout layout;
    /** Null unless the inputs are watched. */
    private final Duration watchInterval;
    private final Duration watchSettle;

    private CaptureSource(List<Path> inputs, Set<Path> explicitFiles, CaptureFlows.Layout layout,
            Duration watchInterval, Duration watchSettle) {
        this.inputs = inputs;
        this.explicitFiles = explicitFiles;
        this.layout = layout;
        this.watchInterval = watchInterval;
        this.watchSettle = watchSettle;
    }

    /** The captures of {@code inputs}, read once; {@code explicitFiles}, those of them that are files. */
    public static CaptureSource read(List<Path> inputs, Set<Path> explicitFiles, CaptureFlows.Layout layout) {
        return new CaptureSource(inputs, explicitFiles, layout, null, null);
    }

    /** The captures of {@code inputs}, scanned every {@code interval}, each read once it is {@code settle} old. */
    public static CaptureSource watch(List<Path> inputs, Set<Path> explicitFiles, Duration interval,
            Duration settle) {
        return new CaptureSource(inputs, explicitFiles, CaptureFlows.Layout.SHUFFLED, interval, settle);
    }

    @Override
    public FlowStreams flows(StreamExecutionEnvironment env, FlowSettings settings, Duration outOfOrderness) {
        return watchInterval != null
                ? CaptureFlows.watched(env, inputs, explicitFiles, settings, outOfOrderness, watchInterval, watchSettle)
                : FlowStreams.of(CaptureFlows.flows(env, inputs, explicitFiles, settings, outOfOrderness, layout, ""));
    }

    @Override
    public boolean unbounded() {
        return watchInterval != null;
    }
}
