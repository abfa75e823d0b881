package io.flowmeter.flow;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

/** The execution environment the command lines run in: embedded local Flink, or the cluster's under flink run. */
public final class JobEnvironments {

    private JobEnvironments() {}

    /** {@link #create(Integer, Configuration)} with no options of the job's own. */
    public static StreamExecutionEnvironment create(@Nullable Integer parallelism) {
        return create(parallelism, new Configuration());
    }

    /**
     * An environment with {@code parallelism} (null: Flink's default) and the job's {@code options} (such as
     * checkpoint storage or the checkpoint to restore), which take precedence over a cluster's. Locally, task
     * managers report accumulators with their heartbeats every second, for live progress; a real cluster keeps
     * its own heartbeat settings.
     */
    public static StreamExecutionEnvironment create(@Nullable Integer parallelism, Configuration options) {
        Configuration local = new Configuration();
        local.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, 1_000L);
        local.addAll(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(local);
        if (parallelism != null) {
            env.setParallelism(parallelism);
        }
        return env;
    }
}
