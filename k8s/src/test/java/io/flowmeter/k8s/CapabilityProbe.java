package io.flowmeter.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by a pod's JVM in {@link PodCapabilitiesTest}: prints the capability masks and user of the JVM's own process
 * ({@code /proc/self/status}).
 */
public final class CapabilityProbe {

    private CapabilityProbe() {}

    public static void main(String[] args) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Cap") || line.startsWith("Uid:") || line.startsWith("Gid:")) {
                System.out.println(line);
            }
        }
    }
}
