package io.flowmeter.jobs.cli;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLinesTest {

    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new UncheckedIOException(new IOException("disk full"));
        }
    }

    @Test
    void anUnhandledErrorIsOneLineWithItsCausesAndStatusOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = CommandLines.execute(new Failing(), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(printed).isEqualTo("failing: error: java.io.IOException: disk full" + System.lineSeparator())
                .doesNotContain("\tat ");
    }
}
