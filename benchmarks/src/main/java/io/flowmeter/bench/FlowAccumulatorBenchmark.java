package io.flowmeter.bench;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowAccumulator;
import io.flowmeter.flow.FlowKey;
import io.flowmeter.flow.FlowKeySelector;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.packet.PacketRecord;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** The flow step of the hot path: keying a packet and adding it to its flow's accumulator; and finishing a flow. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlowAccumulatorBenchmark {

    private static final FlowSettings SETTINGS = FlowSettings.defaults();

    private static final int PACKETS = 1_000;

    private final PacketRecord[] packets = new PacketRecord[PACKETS];
    private final FlowKeySelector keys = new FlowKeySelector();
    private FlowAccumulator finished;
    private FlowKey finishedKey;

    @Setup
    public void setUp() {
        for (int i = 0; i < PACKETS; i++) {
            PacketRecord p = new PacketRecord();
            boolean forward = i % 3 != 0;
            p.setIpVersion(4);
            p.setProtocol(PacketRecord.PROTO_TCP);
            p.setSrc(0, forward ? 0x0A000001L : 0x0A000002L);
            p.setDst(0, forward ? 0x0A000002L : 0x0A000001L);
            p.setSrcPort(forward ? 40000 : 443);
            p.setDstPort(forward ? 443 : 40000);
            p.setTcpFlags(PacketRecord.TCP_ACK);
            p.setWireLength(60 + (i * 37) % 1400);
            p.setTimestampNanos(1_700_000_000_000_000_000L + i * 1_250_000L);
            packets[i] = p;
        }
        finished = flowOf();
        finishedKey = FlowKey.of(packets[0]);
    }

    private FlowAccumulator flowOf() {
        FlowAccumulator flow = SETTINGS.newAccumulator();
        flow.start(packets[0], FlowKey.sourceIsA(packets[0]));
        for (PacketRecord p : packets) {
            flow.add(p, FlowKey.sourceIsA(p));
        }
        return flow;
    }

    /** Per packet: key selection (with its recent-key table) and the accumulator update. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public FlowAccumulator keyAndAddPackets() {
        FlowAccumulator flow = SETTINGS.newAccumulator();
        flow.start(packets[0], FlowKey.sourceIsA(packets[0]));
        for (PacketRecord p : packets) {
            keys.getKey(p);
            flow.add(p, FlowKey.sourceIsA(p));
        }
        return flow;
    }

    /** Per flow: the record with all 39 features and the text of both addresses. */
    @Benchmark
    public FlowRecord finishFlow() {
        return FlowRecord.of(finishedKey, finished, EndReason.FIN);
    }
}
