package io.flowmeter.k8s;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link PodCapabilitiesTest} needs of the machine: root (to give files capabilities and to become the pods'
 * users), and setcap (libcap2-bin), setpriv, unshare and mount (util-linux), and ldconfig. Without them the test is
 * skipped, except in CI ({@code CI=true}), where it fails: CI installs them ({@code .ci/run}).
 */
final class Prerequisites {

    /** The search path of the commands the test runs. */
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<String> COMMANDS = List.of("setcap", "setpriv", "unshare", "mount", "ldconfig");

    private Prerequisites() {}

    /** Skips the calling test (fails it in CI) when the machine lacks any of them. */
    static void require() throws IOException {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root");
        }
        for (String command : COMMANDS) {
            if (!onPath(command)) {
                missing.add(command);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "running pods' JVMs on the kernel needs " + String.join(", ", missing)
                + " (apt-get install libcap2-bin util-linux, and run as root)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI must have them");
        }
        Assumptions.abort(message);
    }

    private static boolean isRoot() throws IOException {
        Path status = Path.of("/proc/self/status");
        return Files.exists(status) && Files.readAllLines(status).stream()
                .anyMatch(line -> line.matches("Uid:\\s+0\\s+0\\s.*"));
    }

    private static boolean onPath(String command) {
        for (String dir : PATH.split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
