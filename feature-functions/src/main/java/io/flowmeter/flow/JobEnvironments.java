package io.flowmeter.flow;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import javax.annotation.Nullable;

/** The execution environment the command lines run in: embedded local Flink, or the cluster's under flink run. */
public final class JobEnvironments {

    private JobEnvironments() {}

    /**
     * An environment with {@code parallelism} (null: Flink's default). Locally, task managers report
     * accumulators with their heartbeats every second, for live progress; a real cluster keeps its own settings.
     */
    public static StreamExecutionEnvironment create(@Nullable Integer parallelism) {
        Configuration local = new Configuration();
        local.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, 1_000L);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(local);
        if (parallelism != null) {
            env.setParallelism(parallelism);
        }
        return env;
    }
}
