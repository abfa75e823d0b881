package io.flowmeter.job.cli;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;

import java.lang.reflect.Field;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a local run promptly once its unbounded input has ended (a pipe closed): the job finishes only after a
 * checkpoint has committed its output, and Flink takes that checkpoint at the next interval, up to
 * {@code --checkpoint-interval} (10 s) later, during which nothing happens. Once the input's end shows in the
 * accumulators, this asks the embedded cluster for a checkpoint every half second until the job ends.
 *
 * <p>The embedded cluster is reached through its job client's field: Flink 1.17 offers no checkpoint trigger on
 * {@link JobClient}. Where that fails (another Flink, or a cluster), the run waits for the interval as before.
 */
final class EndOfInputCheckpoints implements AutoCloseable {

    private static final long PERIOD_MILLIS = 500;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flowmeter-end-of-input");
        thread.setDaemon(true);
        return thread;
    });

    /** Watches {@code job}; null when the job does not run on an embedded cluster this class can reach. */
    static EndOfInputCheckpoints watch(JobClient job) {
        MiniCluster cluster = embeddedCluster(job);
        return cluster == null ? null : new EndOfInputCheckpoints(job, cluster);
    }

    private EndOfInputCheckpoints(JobClient job, MiniCluster cluster) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                RunStatistics stats = new RunStatistics(job.getAccumulators().get(PERIOD_MILLIS, TimeUnit.MILLISECONDS));
                if (stats.filesRead() > 0) {
                    cluster.triggerCheckpoint(job.getJobID());
                }
            } catch (Exception e) {
                // Not yet running, finishing, or a checkpoint already under way: the next tick tries again.
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static MiniCluster embeddedCluster(JobClient job) {
        if (!(job instanceof MiniClusterJobClient)) {
            return null;
        }
        try {
            Field field = MiniClusterJobClient.class.getDeclaredField("miniCluster");
            field.setAccessible(true);
            return (MiniCluster) field.get(job);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
