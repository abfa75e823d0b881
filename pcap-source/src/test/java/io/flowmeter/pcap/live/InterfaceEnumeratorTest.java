package io.flowmeter.pcap.live;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Which subtask captures what: each named interface once, and a rule on every subtask. */
class InterfaceEnumeratorTest {

    @Test
    void aRuleIsCapturedByEverySubtaskOnce() {
        Map<Integer, List<InterfaceSplit>> assigned = assign(List.of(InterfaceRule.DEFAULT_ROUTE), 3);

        assertThat(assigned).containsOnlyKeys(0, 1, 2);
        assigned.forEach((subtask, splits) -> assertThat(splits).singleElement().satisfies(split -> {
            assertThat(split.interfaceName()).isEqualTo(InterfaceRule.DEFAULT_ROUTE);
            assertThat(split.subtask()).isEqualTo(subtask);
        }));
    }

    @Test
    void aNamedInterfaceIsCapturedByOneSubtask() {
        Map<Integer, List<InterfaceSplit>> assigned = assign(List.of("eth0", "eth1"), 3);

        assertThat(assigned).containsOnlyKeys(0, 1);
        assertThat(assigned.get(0)).extracting(InterfaceSplit::splitId).containsExactly("eth0");
        assertThat(assigned.get(1)).extracting(InterfaceSplit::splitId).containsExactly("eth1");
    }

    /** What the source's enumerator assigns to each of {@code parallelism} readers as they register. */
    private static Map<Integer, List<InterfaceSplit>> assign(List<String> interfaces, int parallelism) {
        LiveCaptureSource source = new LiveCaptureSource(new LiveCaptureSettings(interfaces, null, 100, false));
        RecordingContext context = new RecordingContext(parallelism);
        SplitEnumerator<InterfaceSplit, List<InterfaceSplit>> enumerator = source.createEnumerator(context);
        enumerator.start();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            context.readers.put(subtask, new ReaderInfo(subtask, "host-" + subtask));
            enumerator.addReader(subtask);
        }
        return context.assigned;
    }

    /** A context that records the assignments, with readers that register as the test says. */
    private static final class RecordingContext implements SplitEnumeratorContext<InterfaceSplit> {
        final int parallelism;
        final Map<Integer, ReaderInfo> readers = new HashMap<>();
        final Map<Integer, List<InterfaceSplit>> assigned = new HashMap<>();

        RecordingContext(int parallelism) {
            this.parallelism = parallelism;
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int currentParallelism() {
            return parallelism;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void assignSplits(SplitsAssignment<InterfaceSplit> assignment) {
            assignment.assignment().forEach((subtask, splits) ->
                    assigned.computeIfAbsent(subtask, s -> new ArrayList<>()).addAll(splits));
        }

        @Override
        public void signalNoMoreSplits(int subtask) {}

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long delay, long period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }
}
