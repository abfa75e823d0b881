package io.flowmeter.train.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/** How every {@code bin/} command runs its picocli command: printing to given streams, returning the exit status. */
public final class CommandLines {

    private CommandLines() {}

    /** Runs {@code command} on {@code args}, its help and usage errors going to {@code out} and {@code err}. */
    public static int execute(Object command, PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Ends the JVM with {@code status} unless it is 0, so that a normal exit lets non-daemon threads finish. */
    public static void exit(int status) {
        if (status != 0) {
            System.exit(status);
        }
    }
}
