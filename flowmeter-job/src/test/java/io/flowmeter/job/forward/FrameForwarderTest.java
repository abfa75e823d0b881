package io.flowmeter.job.forward;

import io.flowmeter.flow.EndReason;
import io.flowmeter.flow.FlowFrame;
import io.flowmeter.flow.FlowKey;
import io.flowmeter.flow.FlowKeyTypeInfoFactory;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.model.ScoredFlow;
import io.flowmeter.packet.IpAddresses;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarding stage on its own: which frames of a flow go on, and when, for each order in which a flow's frames,
 * its end mark and its verdicts can arrive; the buffer's bounds; and its state across a checkpoint.
 */
class FrameForwarderTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000_000L * MS;
    private static final String C = "192.168.1.10";
    private static final String S = "93.184.216.34";

    private KeyedTwoInputStreamOperatorTestHarness<FlowKey, FlowFrame, ScoredFlow, FlowFrame> harness;
    private FrameForwarder forwarder;

    private void open(ForwardBuffer bounds, OperatorSubtaskState restored) throws Exception {
        forwarder = new FrameForwarder(bounds);
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(forwarder),
                FlowFrame::key, s -> FlowKey.of(s.flow), new FlowKeyTypeInfoFactory.FlowKeyTypeInfo());
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** The key of the TCP connection from C:port to S:80. */
    private static FlowKey key(int port) {
        PacketRecord p = new PacketRecord();
        long[] c = IpAddresses.parse(C);
        long[] s = IpAddresses.parse(S);
        p.setIpVersion(4);
        p.setProtocol(PacketRecord.PROTO_TCP);
        p.setSrc(c[0], c[1]);
        p.setDst(s[0], s[1]);
        p.setSrcPort(port);
        p.setDstPort(80);
        return FlowKey.of(p);
    }

    /** The {@code n}-th frame (n bytes, first byte n) of the flow from {@code port} started at {@code start}. */
    private void frame(int port, long start, int n) throws Exception {
        PacketRecord p = new PacketRecord();
        p.setTimestampNanos(start + n * MS);
        p.setWireLength(n + 1000);
        byte[] bytes = new byte[n];
        bytes[0] = (byte) n;
        p.setFrame(bytes, 0, n, 1);
        harness.processElement1(new StreamRecord<>(FlowFrame.of(key(port), start, p), (start + n * MS) / MS));
    }

    private void end(int port, long start, boolean recorded) throws Exception {
        harness.processElement1(new StreamRecord<>(FlowFrame.end(key(port), start, recorded), start / MS));
    }

    private void verdict(int port, long start, EndReason reason, boolean malicious) throws Exception {
        FlowRecord r = new FlowRecord();
        r.srcIp = C;
        r.dstIp = S;
        r.protocol = PacketRecord.PROTO_TCP;
        r.srcPort = port;
        r.dstPort = 80;
        r.flowStartNs = start;
        r.endReason = reason.label();
        harness.processElement2(new StreamRecord<>(new ScoredFlow(r, malicious ? 0.9 : 0.1, 0.5), start / MS));
    }

    /** The forwarded frames, as {@code a<n>} for the flow from port 40000 and {@code b<n>} for others. */
    private List<String> forwarded() {
        return harness.extractOutputValues().stream()
                .map(f -> (f.key().equals(key(40000)) ? "a" : "b") + f.bytes()[0])
                .collect(Collectors.toList());
    }

    private List<Integer> forwardedSizes() {
        return harness.extractOutputValues().stream().map(f -> f.bytes().length).collect(Collectors.toList());
    }

    private long counter(String name) {
        Object counter = harness.getOperator().getRuntimeContext().getAccumulator(name);
        return ((LongCounter) counter).getLocalValuePrimitive();
    }

    @Test
    void aFlowFlaggedAtItsEndForwardsEveryBufferedFrameInOrder() throws Exception {
        open(ForwardBuffer.defaults(), null);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        frame(40000, T0, 3);
        assertThat(harness.extractOutputValues()).as("waiting for a verdict").isEmpty();
        end(40000, T0, true);
        verdict(40000, T0, EndReason.FIN, true);

        assertThat(forwardedSizes()).containsExactly(1, 2, 3);
        assertThat(counter(FrameForwarder.FORWARDED_PACKETS)).isEqualTo(3);
        assertThat(counter(FrameForwarder.FORWARDED_BYTES)).as("wire bytes").isEqualTo(3 * 1000 + 1 + 2 + 3);
        assertThat(harness.numKeyedStateEntries()).as("the flow is done").isZero();
    }

    @Test
    void anEarlyFlagForwardsTheBufferThenEveryLaterFrameAtOnce() throws Exception {
        open(ForwardBuffer.defaults(), null);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        verdict(40000, T0, EndReason.PARTIAL, true);
        assertThat(forwardedSizes()).containsExactly(1, 2);

        frame(40000, T0, 3);
        assertThat(forwardedSizes()).containsExactly(1, 2, 3);

        verdict(40000, T0, EndReason.FIN, false);
        frame(40000, T0, 4);
        end(40000, T0, true);
        assertThat(forwardedSizes()).as("a flow once flagged stays forwarded").containsExactly(1, 2, 3, 4);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aBenignFlowIsDroppedAndItsBufferFreed() throws Exception {
        open(ForwardBuffer.defaults(), null);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        verdict(40000, T0, EndReason.PARTIAL, false);
        frame(40000, T0, 3);
        assertThat(gauge()).as("still buffered after a benign early verdict").isEqualTo(3);
        end(40000, T0, true);
        verdict(40000, T0, EndReason.IDLE, false);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(gauge()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aVerdictBeforeTheFramesStillForwardsThem() throws Exception {
        open(ForwardBuffer.defaults(), null);
        verdict(40000, T0, EndReason.FIN, true);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        end(40000, T0, true);
        verdict(40001, T0, EndReason.FIN, false);
        frame(40001, T0, 7);
        end(40001, T0, true);

        assertThat(forwarded()).containsExactly("a1", "a2");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void flowsOfOneKeyAreToldApartByTheirStart() throws Exception {
        open(ForwardBuffer.defaults(), null);
        frame(40000, T0, 1);
        end(40000, T0, true);
        frame(40000, T0 + 5000 * MS, 2);
        verdict(40000, T0 + 5000 * MS, EndReason.FIN, true);
        verdict(40000, T0, EndReason.FIN, false);
        end(40000, T0 + 5000 * MS, true);

        assertThat(forwardedSizes()).containsExactly(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void framesBeyondTheBufferAreCountedAsDroppedWhenTheFlowIsFlagged() throws Exception {
        open(new ForwardBuffer(2, 1 << 20, 0), null);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        frame(40000, T0, 3);
        frame(40000, T0, 4);
        verdict(40000, T0, EndReason.PARTIAL, true);
        frame(40000, T0, 5);

        assertThat(forwardedSizes()).containsExactly(1, 2, 5);
        assertThat(counter(FrameForwarder.OVERFLOW_PACKETS)).isEqualTo(2);
        assertThat(counter(FrameForwarder.OVERFLOW_BYTES)).isEqualTo(1003 + 1004);
    }

    @Test
    void theByteBoundCountsCapturedBytes() throws Exception {
        open(new ForwardBuffer(64, 5, 0), null);
        frame(40000, T0, 2);
        frame(40000, T0, 3);
        frame(40000, T0, 4);
        end(40000, T0, true);
        verdict(40000, T0, EndReason.FIN, true);

        assertThat(forwardedSizes()).containsExactly(2, 3);
        assertThat(counter(FrameForwarder.OVERFLOW_PACKETS)).isEqualTo(1);
    }

    @Test
    void overflowOfABenignFlowIsNotALossToForwarding() throws Exception {
        open(new ForwardBuffer(1, 1 << 20, 0), null);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        end(40000, T0, true);
        verdict(40000, T0, EndReason.FIN, false);

        assertThat(counter(FrameForwarder.OVERFLOW_PACKETS)).isZero();
    }

    @Test
    void forwardAllAfterForwardsAFlowStillUnscoredAtItsNthFrame() throws Exception {
        open(new ForwardBuffer(64, 1 << 20, 3), null);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        assertThat(harness.extractOutputValues()).isEmpty();
        frame(40000, T0, 3);
        frame(40000, T0, 4);
        verdict(40000, T0, EndReason.FIN, false);
        end(40000, T0, true);

        assertThat(forwardedSizes()).containsExactly(1, 2, 3, 4);
        assertThat(counter(FrameForwarder.UNSCORED_FLOWS)).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aFlowBelowMinPacketsIsDroppedAtItsEnd() throws Exception {
        open(ForwardBuffer.defaults(), null);
        frame(40000, T0, 1);
        end(40000, T0, false);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(gauge()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aVerdictThatNeverComesIsWaitedForThenTheFramesAreDropped() throws Exception {
        open(ForwardBuffer.defaults(), null);
        harness.processBothWatermarks(new Watermark(T0 / MS));
        frame(40000, T0, 1);
        end(40000, T0, true);

        harness.processBothWatermarks(new Watermark(
                T0 / MS + FrameForwarder.VERDICT_WAIT_MILLIS - 1));
        assertThat(gauge()).as("still waiting").isEqualTo(1);

        harness.processBothWatermarks(new Watermark(
                T0 / MS + FrameForwarder.VERDICT_WAIT_MILLIS));
        assertThat(gauge()).isZero();
        assertThat(counter(FrameForwarder.UNVERDICTED_FLOWS)).isEqualTo(1);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void bufferedFramesAndTheirCountSurviveARestoreFromACheckpoint() throws Exception {
        open(ForwardBuffer.defaults(), null);
        frame(40000, T0, 1);
        frame(40000, T0, 2);
        frame(40001, T0, 9);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        open(ForwardBuffer.defaults(), snapshot);
        assertThat(gauge()).isEqualTo(3);
        frame(40000, T0, 3);
        end(40000, T0, true);
        verdict(40000, T0, EndReason.FIN, true);

        assertThat(forwardedSizes()).containsExactly(1, 2, 3);
        assertThat(gauge()).as("the other flow's frame").isEqualTo(1);
    }

    private long gauge() {
        return forwarder.bufferedPackets();
    }
}
