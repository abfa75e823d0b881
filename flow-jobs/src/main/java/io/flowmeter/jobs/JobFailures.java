package io.flowmeter.jobs;

import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.ExceptionUtils;

/** Describes why a Flink job failed for a person: the chain of causes, without the wrappers' repetitions. */
public final class JobFailures {

    private JobFailures() {}

    /**
     * Each cause on its own line, outermost first, skipping wrappers whose message only repeats their cause, and the
     * wrapper that only tells Flink not to restart.
     */
    public static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = ExceptionUtils.stripExecutionException(e); t != null; t = t.getCause()) {
            if (t instanceof SuppressRestartsException) {
                continue; // says only that the next cause is final
            }
            if (t.getCause() == null || t.getMessage() == null || !t.getMessage().equals(String.valueOf(t.getCause()))) {
                chain.append(chain.length() == 0 ? "" : "\n  caused by: ").append(t);
            }
        }
        return chain.toString();
    }
}
