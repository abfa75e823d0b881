package io.flowmeter.pcap.live;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.packet.PacketRecordTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Live capture with libpcap (through pcap4j) as a Flink source: each interface is one split, captured by one
 * subtask, until the job is cancelled or, with a capture duration, for that long (then the source is bounded). An
 * {@link InterfaceRule} is one split per subtask instead, which each subtask resolves on its own host: with one
 * subtask per host, every host captures its own interface. Packets carry libpcap's capture timestamp and the
 * frame's length on the wire, so snapped frames still count in full. libpcap's drop counters are gauges of each
 * reader ({@link InterfaceCounters}).
 *
 * <p>Capturing needs libpcap on the task managers and the right to capture (root, or {@code CAP_NET_RAW}).
 */
public final class LiveCaptureSource
        implements Source<PacketRecord, InterfaceSplit, List<InterfaceSplit>>, ResultTypeQueryable<PacketRecord> {

    private static final long serialVersionUID = 1L;

    private final LiveCaptureSettings settings;

    public LiveCaptureSource(LiveCaptureSettings settings) {
        this.settings = settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<PacketRecord, InterfaceSplit> createReader(SourceReaderContext context) {
        return new LiveCaptureReader(settings, context);
    }

    @Override
    public SplitEnumerator<InterfaceSplit, List<InterfaceSplit>> createEnumerator(
            SplitEnumeratorContext<InterfaceSplit> context) {
        List<InterfaceSplit> splits = settings.capturesOnEverySubtask()
                ? IntStream.range(0, context.currentParallelism())
                        .mapToObj(subtask -> new InterfaceSplit(settings.interfaces().get(0), subtask))
                        .collect(Collectors.toList())
                : settings.interfaces().stream().map(InterfaceSplit::new).collect(Collectors.toList());
        return new InterfaceEnumerator(context, settings.interfaces(), splits, settings.bounded());
    }

    @Override
    public SplitEnumerator<InterfaceSplit, List<InterfaceSplit>> restoreEnumerator(
            SplitEnumeratorContext<InterfaceSplit> context, List<InterfaceSplit> pending) {
        return new InterfaceEnumerator(context, settings.interfaces(), pending, settings.bounded());
    }

    @Override
    public SimpleVersionedSerializer<InterfaceSplit> getSplitSerializer() {
        return InterfaceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<InterfaceSplit>> getEnumeratorCheckpointSerializer() {
        return InterfaceListSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<PacketRecord> getProducedType() {
        return PacketRecordTypeInfo.INSTANCE;
    }
}
