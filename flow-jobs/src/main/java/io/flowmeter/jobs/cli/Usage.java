package io.flowmeter.jobs.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Usage errors of one command line: how an option group reports arguments it cannot use (exit status 2, the
 * message and the usage help), and the checks every group makes the same way.
 */
public final class Usage {

    private final CommandSpec spec;

    public Usage(CommandSpec spec) {
        this.spec = spec;
    }

    /** The error to throw for {@code message}. */
    public ParameterException error(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Whether {@code option} was given on the command line (not merely defaulted). */
    public boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * What {@code step} gives, or the usage error {@code message} when it refuses its argument: a settings object
     * checks its own values, and the command line says which option was wrong.
     */
    public <T> T unless(Supplier<T> step, String message) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw error(message);
        }
    }

    /** {@code value} seconds of {@code option}, which must be finite, not negative, and positive unless allowed. */
    public Duration seconds(String option, double value, boolean zeroAllowed) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw error(option + " must be a " + (zeroAllowed ? "non-negative" : "positive")
                    + " number of seconds, got " + value);
        }
        long whole = (long) Math.min(value, 9.0e18);
        long nanos = Math.round((value - Math.floor(value)) * 1e9) % 1_000_000_000L;
        return Duration.ofSeconds(whole, nanos);
    }
}
