package io.flowmeter.jobs;

import io.flowmeter.context.HostContextStage;
import io.flowmeter.flow.FlowAssembler;
import io.flowmeter.flow.FlowKeySelector;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Packets to flows where packets arrive from a source of their own (mirrored traffic on Kafka, or captures read
 * once): accounting, then a shuffle by 5-tuple, then the flow stage.
 */
public final class PacketFlows {

    private PacketFlows() {}

    public static DataStream<FlowRecord> flows(DataStream<PacketRecord> packets, FlowSettings settings, String uidPrefix) {
        return assemble(packets, settings, uidPrefix).flows();
    }

    /** The flows of {@code packets}, and their frames when {@code settings} forward frames. */
    public static FlowStreams assemble(DataStream<PacketRecord> packets, FlowSettings settings, String uidPrefix) {
        SingleOutputStreamOperator<FlowRecord> assembled = packets
                .process(new CaptureAccounting())
                // Chained to the source: at another parallelism, a rebalance would spread one flow's packets over
                // several channels, and they would reach the flow stage out of order.
                .setParallelism(packets.getParallelism())
                .name("packet accounting")
                .uid(uidPrefix + "packet-accounting")
                .keyBy(new FlowKeySelector())
                .process(new FlowAssembler(settings))
                .name("flows")
                .uid(uidPrefix + "flow-assembler");
        return new FlowStreams(HostContextStage.around(assembled, settings.layout(), uidPrefix),
                settings.forwardsFrames() ? assembled.getSideOutput(FlowAssembler.FRAMES) : null);
    }
}
