package io.flowmeter.model.stage;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model join across a restore: the model's source has finished by the first checkpoint and does not send it
 * again, so the model, and rows still waiting for it, come back from the checkpoint.
 */
class ModelBroadcastTest {

    private static TwoInputStreamOperatorTestHarness<String, Double, String> harness(OperatorSubtaskState restored)
            throws Exception {
        ModelBroadcast.Join<String, Double, String> join =
                new ModelBroadcast.Join<>(model -> row -> row + " scored by " + model, Types.STRING, Types.DOUBLE);
        TwoInputStreamOperatorTestHarness<String, Double, String> harness =
                new TwoInputStreamOperatorTestHarness<>(new CoProcessOperator<>(join));
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    @Test
    void aRestoredJoinScoresWithTheModelOfTheCheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (TwoInputStreamOperatorTestHarness<String, Double, String> first = harness(null)) {
            first.processElement2(new StreamRecord<>(0.5));
            first.processElement1(new StreamRecord<>("a"));
            assertThat(first.extractOutputValues()).containsExactly("a scored by 0.5");
            snapshot = first.snapshot(1, 1);
        }
        try (TwoInputStreamOperatorTestHarness<String, Double, String> restored = harness(snapshot)) {
            restored.processElement1(new StreamRecord<>("b"));
            assertThat(restored.extractOutputValues()).as("no model comes on the stream").containsExactly(
                    "b scored by 0.5");
        }
    }

    @Test
    void rowsWaitingForTheModelAtACheckpointAreScoredAfterTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (TwoInputStreamOperatorTestHarness<String, Double, String> first = harness(null)) {
            first.processElement1(new StreamRecord<>("early"));
            assertThat(first.extractOutputValues()).isEmpty();
            snapshot = first.snapshot(1, 1);
        }
        try (TwoInputStreamOperatorTestHarness<String, Double, String> restored = harness(snapshot)) {
            restored.processElement2(new StreamRecord<>(0.7));
            restored.processElement1(new StreamRecord<>("late"));
            assertThat(restored.extractOutputValues()).containsExactly("early scored by 0.7", "late scored by 0.7");
        }
    }

    @Test
    void aModelOnTheStreamReplacesTheRestoredOne() throws Exception {
        OperatorSubtaskState snapshot;
        try (TwoInputStreamOperatorTestHarness<String, Double, String> first = harness(null)) {
            first.processElement2(new StreamRecord<>(0.5));
            snapshot = first.snapshot(1, 1);
        }
        try (TwoInputStreamOperatorTestHarness<String, Double, String> restored = harness(snapshot)) {
            restored.processElement2(new StreamRecord<>(0.9));
            restored.processElement1(new StreamRecord<>("c"));
            assertThat(restored.extractOutputValues()).containsExactly("c scored by 0.9");
        }
    }
}
