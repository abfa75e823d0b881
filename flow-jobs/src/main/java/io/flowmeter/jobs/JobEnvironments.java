package io.flowmeter.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.ReadableConfig;
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

    /**
     * Whether the job goes to a session cluster in detached mode ({@code flink run -d}): the command line submits it
     * and returns, as {@code flink run -d} promises, instead of waiting for a result nobody reads. In application mode
     * (Kubernetes) the main method runs beside the job, and waits to log its summary.
     */
    public static boolean isDetachedSubmission(StreamExecutionEnvironment env) {
        ReadableConfig configuration = env.getConfiguration();
        String target = configuration.get(DeploymentOptions.TARGET);
        boolean session = "remote".equals(target) || (target != null && target.endsWith("-session"));
        return session && !configuration.get(DeploymentOptions.ATTACHED);
    }
}
