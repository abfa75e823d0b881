package io.flowmeter.job;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;

/** Ends the unbounded jobs a test started on its MiniCluster, the way a user ends them: by cancelling. */
final class UnboundedJobs {

    private UnboundedJobs() {}

    static void cancelRunning(MiniCluster cluster) throws Exception {
        for (JobStatusMessage job : cluster.listJobs().get()) {
            if (job.getJobState() == JobStatus.RUNNING) {
                cluster.cancelJob(job.getJobId()).get();
            }
        }
    }
}
