package io.flowmeter.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the job tests run on: one task manager with two slots, as the command lines' parallelism 2. */
final class TestClusters {

    private TestClusters() {}

    static MiniClusterExtension twoSlots() {
        return withSlots(2);
    }

    /** One task manager with {@code slots} slots, for tests that also run at a higher parallelism. */
    static MiniClusterExtension withSlots(int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots).build());
    }
}
