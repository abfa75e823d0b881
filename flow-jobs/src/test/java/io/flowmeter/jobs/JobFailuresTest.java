package io.flowmeter.jobs;

import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobFailuresTest {

    @Test
    void theChainNamesEachCauseOnceAndLeavesOutTheNoRestartWrapper() {
        IllegalStateException refusal = new IllegalStateException("the flows were kept without plugin bulks");
        RuntimeException failure = new RuntimeException("Error while getting state",
                new SuppressRestartsException(refusal));
        RuntimeException repeating = new RuntimeException(failure);

        assertThat(JobFailures.causeChain(repeating)).isEqualTo("java.lang.RuntimeException: Error while getting state"
                + "\n  caused by: java.lang.IllegalStateException: the flows were kept without plugin bulks");
    }
}
