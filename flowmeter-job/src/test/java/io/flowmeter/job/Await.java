package io.flowmeter.job;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting in tests for what a job does in its own time. */
final class Await {

    private Await() {}

    /**
     * Polls {@code done} every {@code every} until it holds. After {@code timeout} it fails, naming {@code what} and
     * adding {@code details} (a process's output, a cluster's logs) to the message.
     */
    static void until(String what, Duration timeout, Duration every, Callable<Boolean> done, Callable<String> details)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s" + details.call());
            }
            Thread.sleep(every.toMillis());
        }
    }
}
