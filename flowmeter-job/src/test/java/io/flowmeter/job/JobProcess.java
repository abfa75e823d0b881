package io.flowmeter.job;

import io.flowmeter.job.cli.FlowMeterCli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/flowmeter} in a JVM of its own, as a user runs it, so that a test can kill it the hard way (SIGKILL:
 * no shutdown hook, no cancellation, no last checkpoint). Its output goes to a log file.
 */
final class JobProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private JobProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static JobProcess start(Path log, String... args) throws IOException {
        Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        return new JobProcess(process, log);
    }

    /** The command line of {@code bin/flowmeter args} in a JVM of its own, with this test's classpath. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), FlowMeterCli.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the JVM with SIGKILL and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
