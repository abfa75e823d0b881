package io.flowmeter.job.cli;

import org.apache.flink.core.execution.JobClient;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints a progress line (files and bytes done, packets, flows) every few seconds while a job runs. */
final class ProgressReporter implements AutoCloseable {

    private static final long PERIOD_SECONDS = 3;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flowmeter-progress");
        thread.setDaemon(true);
        return thread;
    });

    ProgressReporter(JobClient job, PrintStream out, long totalFiles, long totalBytes) {
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            try {
                RunStatistics stats = new RunStatistics(job.getAccumulators().get(PERIOD_SECONDS, TimeUnit.SECONDS));
                double seconds = (System.nanoTime() - start) / 1e9;
                String files = totalFiles == 0 ? "" : String.format(Locale.ROOT, "files %,d/%,d, %s/%s, ",
                        stats.filesRead(), totalFiles, megabytes(stats.fileBytesDone()), megabytes(totalBytes));
                out.printf(Locale.ROOT, "[%5.0f s] %s%,d packets (%,.0f/s), %,d flows%n", seconds, files,
                        stats.packets(), stats.packets() / seconds, stats.flows());
            } catch (Exception e) {
                // The job may be finishing or not yet running; the next tick tries again.
            }
        }, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
