package io.flowmeter.job;

import io.flowmeter.pcap.live.InterfaceRule;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.Pcaps;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --interface route:default} on the command line: run here it is this host's default-route interface (on a
 * cluster each TaskManager resolves it, {@code InterfaceEnumeratorTest}), and it names one interface per host, so
 * it goes alone.
 */
class InterfaceRuleCliTest {

    @TempDir
    Path dir;

    @Test
    void theRuleGoesAlone() {
        CliRun run = CliRun.of("--interface", InterfaceRule.DEFAULT_ROUTE, "--interface", "lo",
                "--output", dir.resolve("flows").toString());

        CliRun.assertUsageError(run, "--interface: route:default picks one interface on each host; give it alone");
    }

    @Test
    void runHereTheRuleIsThisHostsDefaultRouteInterface() {
        String device = defaultRouteInterfaceHere();
        // A filter that does not compile stops the run before any capture, naming the interface it was for
        // (or, without the right to capture, the interface that could not be opened).
        CliRun run = CliRun.of("--interface", InterfaceRule.DEFAULT_ROUTE, "--bpf", "tcp port eighty",
                "--output", dir.resolve("flows").toString());

        assertThat(run.exitStatus).as(run.toString()).isEqualTo(2);
        assertThat(run.err).as(run.toString()).containsPattern("on interface " + device + "\\b")
                .doesNotContain("interface route:default");
    }

    private static String defaultRouteInterfaceHere() {
        try {
            Pcaps.libVersion();
        } catch (LinkageError e) {
            Assumptions.abort("libpcap is not installed here: " + e);
        }
        try {
            return InterfaceRule.resolve(InterfaceRule.DEFAULT_ROUTE);
        } catch (IOException e) {
            return Assumptions.abort("this host has no default route: " + e.getMessage());
        }
    }
}
