package io.flowmeter.job;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics of one job on a MiniCluster as a metric reporter (Prometheus on Kubernetes) sees them, read from an
 * {@link InMemoryReporter} that retains them after the job ends ({@link TestClusters#twoSlots(InMemoryReporter)}).
 * Operator metrics are summed over the job's subtasks.
 */
final class JobMetrics {

    private static final String OPERATOR_SCOPE = "taskmanager.job.task.operator";
    private static final String JOB_MANAGER_JOB_SCOPE = "jobmanager.job";

    private final InMemoryReporter reporter;
    private final JobID job;

    private JobMetrics(InMemoryReporter reporter, JobID job) {
        this.reporter = reporter;
        this.job = job;
    }

    /** The metrics of the job most recently submitted to {@code cluster}. */
    static JobMetrics ofLastJob(InMemoryReporter reporter, MiniCluster cluster) throws Exception {
        return cluster.listJobs().get().stream().max(Comparator.comparingLong(JobStatusMessage::getStartTime))
                .map(status -> new JobMetrics(reporter, status.getJobId()))
                .orElseThrow(() -> new AssertionError("no job was submitted"));
    }

    /** The metrics of the job running on {@code cluster}, if one is. */
    static Optional<JobMetrics> ofRunningJob(InMemoryReporter reporter, MiniCluster cluster) throws Exception {
        return cluster.listJobs().get().stream().filter(status -> status.getJobState() == JobStatus.RUNNING)
                .findFirst().map(status -> new JobMetrics(reporter, status.getJobId()));
    }

    /** The sum over subtasks of the operator counters or gauges named {@code name}; fails if there are none. */
    long sum(String name) {
        return sum(name, null, null);
    }

    /**
     * The sum over subtasks of the counters or gauges named {@code name} in the operators' key-value group
     * {@code key}={@code value} ({@code endReason=idle}, {@code interface=lo}); fails if there are none.
     */
    long sum(String name, String key, String value) {
        List<Metric> metrics = find(name, key, value);
        if (metrics.isEmpty()) {
            throw new AssertionError("job " + job + " has no metric " + name
                    + (key == null ? "" : " in group " + key + "=" + value));
        }
        return metrics.stream().mapToLong(JobMetrics::value).sum();
    }

    /** As {@link #sum(String)}, but 0 while no such metric is registered: for waiting on a job. */
    long sumSoFar(String name) {
        return find(name, null, null).stream().mapToLong(JobMetrics::value).sum();
    }

    /** The operator metrics named {@code name} ({@code key} null) or named so in a key-value group; maybe none yet. */
    List<Metric> find(String name, String key, String value) {
        String scope = key == null ? OPERATOR_SCOPE : OPERATOR_SCOPE + "." + key;
        List<Metric> found = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            Map<String, String> variables = group.getKey().getAllVariables();
            Metric metric = group.getValue().get(name);
            if (metric != null && job.toString().equals(variables.get("<job_id>")) && scope.equals(scopeOf(group.getKey()))
                    && (key == null || value.equals(variables.get("<" + key + ">")))) {
                found.add(metric);
            }
        }
        return found;
    }

    /** The job's checkpoints completed so far (the JobManager's gauge {@code numberOfCompletedCheckpoints}). */
    long completedCheckpoints() {
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            Metric metric = group.getValue().get("numberOfCompletedCheckpoints");
            if (metric != null && job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))
                    && JOB_MANAGER_JOB_SCOPE.equals(scopeOf(group.getKey()))) {
                return value(metric);
            }
        }
        return 0;
    }

    /**
     * Waits until {@code n} more checkpoints of the job have completed than now: then whatever the job wrote before
     * the call has been committed (file parts, Kafka transactions), and anything it would write twice would show.
     */
    void awaitMoreCheckpoints(int n, Duration timeout) throws Exception {
        long target = completedCheckpoints() + n;
        Await.until(n + " more completed checkpoints", timeout, Duration.ofMillis(50),
                () -> completedCheckpoints() >= target, () -> " (" + completedCheckpoints() + " completed)");
    }

    /** The group's logical scope, such as {@code taskmanager.job.task.operator.endReason}. */
    private static String scopeOf(MetricGroup group) {
        return ((AbstractMetricGroup<?>) group).getLogicalScope(CharacterFilter.NO_OP_FILTER);
    }

    private static long value(Metric metric) {
        return metric instanceof Counter ? ((Counter) metric).getCount()
                : ((Number) ((Gauge<?>) metric).getValue()).longValue();
    }
}
