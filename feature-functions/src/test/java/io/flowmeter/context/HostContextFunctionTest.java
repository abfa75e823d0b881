package io.flowmeter.context;

import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.plugins.HostContext;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class HostContextFunctionTest {

    private static final long T0_MS = 1_700_000_000_000L;
    private static final FeatureLayout LAYOUT = FlowSettings.defaults()
            .withWrittenPlugins(List.of(HostContext.NAME)).layout();
    private static final int SRC = LAYOUT.indexOf("srcHostFlowsPerSecond1s");
    private static final int HANDSHAKE = LAYOUT.indexOf("handshake");

    /** A scanner's flow to one port, refused, ended {@code endMs} and recorded at that time. */
    private static FlowRecord flow(int port, long startMs, String reason) {
        FlowRecord f = new FlowRecord();
        f.srcIp = "10.0.0.1";
        f.dstIp = "10.0.0.2";
        f.protocol = 6;
        f.srcPort = 40000;
        f.dstPort = port;
        f.flowStartNs = startMs * 1_000_000L;
        f.flowEndNs = f.flowStartNs + 1_000_000L;
        f.endReason = reason;
        f.values = new double[LAYOUT.columns().size()];
        Arrays.fill(f.values, SRC, SRC + 22, Double.NaN);
        f.values[FlowFeature.fwdFlowLength.ordinal()] = 1;
        f.values[FlowFeature.bwdFlowLength.ordinal()] = 1;
        f.values[FlowFeature.fwdPacketSizeTotal.ordinal()] = 60;
        f.values[FlowFeature.bwdPacketSizeTotal.ordinal()] = 54;
        f.values[HANDSHAKE] = 2;
        return f;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> harness(
            OperatorSubtaskState restored) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new HostContextFunction(HostRole.SOURCE, LAYOUT)),
                        new HostContextStage.HostKey(HostRole.SOURCE), Types.STRING);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    /** 200 flows in batches of 20 that share an end time, each batch shuffled; the watermark after each batch. */
    private static List<List<FlowRecord>> batches(long seed) {
        Random random = new Random(seed);
        List<List<FlowRecord>> batches = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            List<FlowRecord> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(flow(b * 20 + i, T0_MS + b * 1000 + i * 7, "rst"));
            }
            Collections.shuffle(batch, random);
            batches.add(batch);
        }
        return batches;
    }

    private static long batchTime(int b) {
        return T0_MS + b * 1000 + 500;
    }

    private static List<String> run(long seed, int snapshotAfter) throws Exception {
        List<List<FlowRecord>> batches = batches(seed);
        KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> h = harness(null);
        List<String> out = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            for (FlowRecord f : batches.get(b)) {
                h.processElement(new StreamRecord<>(f, batchTime(b)));
            }
            if (b == snapshotAfter) {
                // the batch waits for its watermark in the checkpoint
                OperatorSubtaskState state = h.snapshot(1, batchTime(b));
                h.close();
                h = harness(state);
            }
            h.processWatermark(batchTime(b));
            out.addAll(outputs(h));
            h.getOutput().clear();
        }
        h.close();
        return out;
    }

    private static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> h) {
        return h.extractOutputValues().stream()
                .map(f -> f.dstPort + ":" + Arrays.toString(Arrays.copyOfRange(f.values, SRC, SRC + 11)))
                .collect(Collectors.toList());
    }

    @Test
    void recordsOfOneTimestampAreAddedInTheSameOrderWhateverOrderTheyArriveIn() throws Exception {
        List<String> first = run(1, -1);
        assertThat(first).hasSize(200);
        assertThat(run(2, -1)).containsExactlyElementsOf(first);
        assertThat(first.get(0)).startsWith("0:");
        assertThat(first.get(199)).startsWith("199:");
    }

    @Test
    void aRunRestoredFromACheckpointWithRecordsWaitingEqualsAnUninterruptedOne() throws Exception {
        List<String> uninterrupted = run(1, -1);
        assertThat(run(1, 4)).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void theContextOfAScannerShowsItsFanOutAndRefusals() throws Exception {
        List<String> out = run(1, -1);
        String last = out.get(199);
        double[] v = Arrays.stream(last.substring(last.indexOf('[') + 1, last.length() - 1).split(", "))
                .mapToDouble(Double::parseDouble).toArray();
        // 200 flows in 10 s: 20 a second
        assertThat(v[1]).as("flows per second over 10 s").isBetween(12.0, 22.0);
        assertThat(v[4]).as("distinct ports").isBetween(195.0, 205.0);
        assertThat(v[6]).as("refused share").isEqualTo(1.0);
        assertThat(v[5]).as("unanswered share").isEqualTo(0.0);
    }

    @Test
    void earlyRecordsGetTheContextWithoutCountingTwiceAndIdleHostsAreDropped() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> h = harness(null);
        h.processElement(new StreamRecord<>(flow(1, T0_MS, "partial"), T0_MS + 10));
        h.processElement(new StreamRecord<>(flow(1, T0_MS, "idle"), T0_MS + 20));
        h.processWatermark(T0_MS + 20);
        List<FlowRecord> out = h.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).values[SRC + 3]).as("no flow counted yet: no peers").isEqualTo(0.0);
        assertThat(out.get(1).values[SRC + 3]).as("the final record counts once").isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-3));
        assertThat(h.numKeyedStateEntries()).isPositive();
        h.processWatermark(T0_MS + 20 + HostContextFunction.IDLE_MILLIS);
        assertThat(h.numKeyedStateEntries()).as("state of a host idle for 10 minutes").isZero();
        h.close();
    }
}
