package io.flowmeter.job.cli;

import io.flowmeter.job.forward.ForwardingReport;
import io.flowmeter.job.forward.PacketForwarder;
import io.flowmeter.jobs.JobEnvironments;
import io.flowmeter.jobs.JobFailures;
import io.flowmeter.jobs.labels.GroundTruth;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs a built flow job and turns its end into what {@code bin/flowmeter} prints and exits with: a detached
 * submission's job ID, progress while it runs, the summary after it, and the exit status.
 */
final class FlowMeterRun {

    private final PrintStream out;
    private final PrintStream err;
    private boolean unbounded;
    private boolean endsWithItsInput;
    private boolean progress = true;
    private boolean failOnCorrupt;
    private long captureFiles;
    private long captureBytes;
    private List<String> inputProblems = List.of();
    private String flowsDestination;
    private Double scoringThreshold;
    private String alertsDestination;
    private GroundTruth truth;
    private List<java.nio.file.Path> forwardCaptures;
    private java.nio.file.Path forwardDirectory;
    private boolean forwardingFrames;

    FlowMeterRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A job that ends only when cancelled: cancelling it is a normal end. */
    FlowMeterRun unbounded(boolean unbounded) {
        this.unbounded = unbounded;
        return this;
    }

    /**
     * An unbounded input that ends all the same (a pipe): once it has, the checkpoint that commits the output is
     * asked for at once ({@link EndOfInputCheckpoints}).
     */
    FlowMeterRun endsWithItsInput(boolean ends) {
        this.endsWithItsInput = ends;
        return this;
    }

    /** Progress lines against these totals (capture files and their bytes); none when {@code show} is false. */
    FlowMeterRun progress(boolean show, long files, long bytes) {
        this.progress = show;
        this.captureFiles = files;
        this.captureBytes = bytes;
        return this;
    }

    /** Inputs reported missing or unreadable; with {@code fail}, they and corrupt captures make the exit status 1. */
    FlowMeterRun corruptInputs(List<String> problems, boolean fail) {
        this.inputProblems = problems;
        this.failOnCorrupt = fail;
        return this;
    }

    /** The ground truth the flows were labelled with, for the summary; null for none. */
    FlowMeterRun groundTruth(GroundTruth truth) {
        this.truth = truth;
        return this;
    }

    /**
     * After the job, forward the packets of the flagged flows of {@code captures} to {@code directory}
     * ({@link PacketForwarder}); null for none.
     */
    FlowMeterRun forwarding(List<java.nio.file.Path> captures, java.nio.file.Path directory) {
        this.forwardCaptures = captures;
        this.forwardDirectory = directory;
        return this;
    }

    /** Whether the job forwards the frames of flagged flows as they come (the summary then says how many). */
    FlowMeterRun forwardingFrames(boolean forwarding) {
        this.forwardingFrames = forwarding;
        return this;
    }

    /** Where the summary says flows went, and with a model, the threshold and where alerts went. */
    FlowMeterRun destinations(String flows, Double threshold, String alerts) {
        this.flowsDestination = flows;
        this.scoringThreshold = threshold;
        this.alertsDestination = alerts;
        return this;
    }

    /** Executes the job built in {@code env} and returns the exit status. */
    int execute(StreamExecutionEnvironment env, String jobName) {
        long start = System.nanoTime();
        JobExecutionResult result;
        try {
            JobClient job = env.executeAsync(jobName);
            if (JobEnvironments.isDetachedSubmission(env)) {
                out.println("flowmeter: submitted job " + job.getJobID() + "; it runs on the cluster until it ends"
                        + (unbounded ? " or is stopped (flink stop --savepointPath DIR " + job.getJobID() + ")" : ""));
                return 0;
            }
            try (ProgressReporter reporter = progress ? new ProgressReporter(job, err, captureFiles, captureBytes)
                    : null;
                    EndOfInputCheckpoints ending = endsWithItsInput ? EndOfInputCheckpoints.watch(job) : null) {
                result = job.getJobExecutionResult().get();
            }
        } catch (Exception e) {
            if (ExceptionUtils.findThrowable(e, JobCancellationException.class).isPresent()) {
                // How an unbounded job (--watch, --interface, Kafka without --kafka-bounded) is meant to stop.
                err.println("flowmeter: the job was cancelled");
                return unbounded ? 0 : 1;
            }
            err.println("flowmeter: the job failed: " + JobFailures.causeChain(e));
            return 1;
        }
        RunStatistics stats = new RunStatistics(result.getAllAccumulatorResults());
        RunSummary.print(out, stats, inputProblems, flowsDestination, System.nanoTime() - start);
        if (truth != null) {
            RunSummary.printLabels(out, stats, truth);
        }
        if (scoringThreshold != null) {
            RunSummary.printScoring(out, stats, scoringThreshold, alertsDestination);
        }
        if (forwardingFrames) {
            RunSummary.printFrameForwarding(out, stats);
        }
        if (forwardDirectory != null) {
            try {
                PacketForwarder.Result forwarded = PacketForwarder.forward(forwardCaptures, forwardDirectory);
                RunSummary.printForwarding(out, forwarded, forwardDirectory);
                ForwardingReport.write(forwardDirectory, forwarded);
                if (forwarded.incompleteFlows > 0) {
                    err.println("flowmeter: " + forwarded.incompleteFlows + " flagged flows were not forwarded whole"
                            + " (their packets or bytes differ from their records)");
                    return 1;
                }
            } catch (java.io.IOException | RuntimeException e) {
                err.println("flowmeter: forwarding the flagged flows to " + forwardDirectory + " failed: " + e);
                return 1;
            }
        }
        boolean anyCorrupt = stats.filesCorrupt() > 0 || !inputProblems.isEmpty();
        return failOnCorrupt && anyCorrupt ? 1 : 0;
    }
}
