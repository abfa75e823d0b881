package io.flowmeter.jobs.cli;

import io.flowmeter.jobs.JobFailures;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/** How every {@code bin/} command runs its picocli command: printing to given streams, returning the exit status. */
public final class CommandLines {

    private CommandLines() {}

    /** Set to print the stack trace of an unexpected error, for a bug report. */
    public static final String DEBUG_VARIABLE = "FLOWMETER_DEBUG";

    /**
     * Runs {@code command} on {@code args}, its help and usage errors going to {@code out} and {@code err}. An
     * error the command did not handle itself (a file system or broker refusing, a bug) ends it with status 1 and
     * one line: the command's name and the cause chain; the stack trace only with {@value #DEBUG_VARIABLE} set.
     */
    public static int execute(Object command, PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            String name = line.getCommandName();
            if (System.getenv(DEBUG_VARIABLE) != null) {
                e.printStackTrace(err);
            }
            err.println(name + ": error: " + JobFailures.causeChain(e));
            return 1;
        });
        return commandLine.execute(args);
    }

    /** Ends the JVM with {@code status} unless it is 0, so that a normal exit lets non-daemon threads finish. */
    public static void exit(int status) {
        if (status != 0) {
            System.exit(status);
        }
    }
}
