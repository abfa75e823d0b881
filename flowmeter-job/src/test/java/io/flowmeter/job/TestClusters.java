package io.flowmeter.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the job tests run on: one task manager with two slots, as the command lines' parallelism 2. */
final class TestClusters {

    private TestClusters() {}

    static MiniClusterExtension twoSlots() {
        return withSlots(2, new Configuration());
    }

    /** The same cluster, reporting the metrics of its jobs to {@code reporter} (see {@link JobMetrics}). */
    static MiniClusterExtension twoSlots(InMemoryReporter reporter) {
        return withSlots(2, reporter.addToConfiguration(new Configuration()));
    }

    /** One task manager with {@code slots} slots, for tests that also run at a higher parallelism. */
    static MiniClusterExtension withSlots(int slots) {
        return withSlots(slots, new Configuration());
    }

    private static MiniClusterExtension withSlots(int slots, Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setConfiguration(configuration)
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(slots).build());
    }
}
