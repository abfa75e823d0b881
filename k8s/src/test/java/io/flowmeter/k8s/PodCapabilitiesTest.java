package io.flowmeter.k8s;

import io.flowmeter.k8s.FlinkPod.Role;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every pod of every manifest can start the JVM that its image's entry point runs, and that JVM holds the
 * capabilities the pod needs and no others, on the real kernel: for each FlinkDeployment, its JobManager and
 * TaskManager pods ({@link FlinkPod}) on each container runtime's default capability set ({@link ContainerRuntime}),
 * the JVM the entry point runs ({@code $JAVA_HOME/bin/java}: Flink's {@code env.java.home}, else the container's
 * {@code JAVA_HOME}, else the image's) is laid out with the file capabilities the image gives it ({@link JobImage},
 * read from {@code k8s/Dockerfile}) and started with {@code java -version}, then with {@link CapabilityProbe},
 * through {@code setpriv} with the pod's user, groups, bounding set and {@code no_new_privs} ({@link PodProcess},
 * {@link JvmSandbox}). A TaskManager of a job that captures ({@code --interface}) must hold NET_RAW and NET_ADMIN,
 * every other JVM nothing. Needs root, setcap and setpriv ({@link Prerequisites}).
 */
class PodCapabilitiesTest {

    private static final Set<String> CAPTURE = Set.of("NET_ADMIN", "NET_RAW");

    @TempDir
    static Path dir;

    private final Map<String, JvmSandbox> sandboxes = new HashMap<>();
    private final Map<String, JvmSandbox.Outcome> outcomes = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> everyPodStartsItsJvmWithTheCapabilitiesItNeedsAndNoOthers() throws IOException {
        Prerequisites.require();
        List<DynamicTest> tests = new ArrayList<>();
        for (Manifest deployment : Manifests.deployments()) {
            for (Role role : Role.values()) {
                FlinkPod pod = FlinkPod.of(deployment, role);
                for (ContainerRuntime runtime : ContainerRuntime.values()) {
                    tests.add(dynamicTest(pod + " on " + runtime.title, () -> check(pod, runtime)));
                }
            }
        }
        return tests.stream();
    }

    private void check(FlinkPod pod, ContainerRuntime runtime) throws Exception {
        JobImage image = JobImage.named(pod.image());
        String home = pod.flinkOption("env.java.home").or(() -> pod.env("JAVA_HOME")).orElse(image.javaHome);
        assertThat(image.jvmHomes()).as("%s runs the JVM at %s, which %s lays out", pod, home, image.name)
                .contains(home);
        PodProcess process = PodProcess.of(pod, image, runtime);
        String launch = pod + " on " + runtime.title + ": " + home + "/bin/java (file capabilities: "
                + image.launcherCapabilities(home).orElse("none") + ") as " + process;

        JvmSandbox sandbox = sandbox(image);
        JvmSandbox.Outcome version = run(sandbox, image, home, process, List.of("-version"));
        System.out.println(launch + "\n" + version);
        assertThat(version.exitStatus).as("%s\n%s", launch, version).isZero();

        JvmSandbox.Outcome probe = run(sandbox, image, home, process, sandbox.probeArguments());
        System.out.println(probe);
        assertThat(probe.exitStatus).as("%s\n%s", launch, probe).isZero();
        Set<String> effective = Capabilities.ofMask(probe.output.lines().filter(l -> l.startsWith("CapEff:"))
                .findFirst().orElseThrow().substring("CapEff:".length()));
        assertThat(effective).as("the effective capabilities of %s\n%s", launch, probe)
                .isEqualTo(captures(pod) ? CAPTURE : Set.of());
    }

    /** Runs the JVM with {@code args}, once per distinct launch (the runtimes' sets often end up the same). */
    private JvmSandbox.Outcome run(JvmSandbox sandbox, JobImage image, String home, PodProcess process,
            List<String> args) throws Exception {
        String key = image.name + " " + home + " " + process + " " + args;
        JvmSandbox.Outcome outcome = outcomes.get(key);
        if (outcome == null) {
            outcome = sandbox.run(home, process, args);
            outcomes.put(key, outcome);
        }
        return outcome;
    }

    private JvmSandbox sandbox(JobImage image) throws Exception {
        JvmSandbox sandbox = sandboxes.get(image.name);
        if (sandbox == null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // for the pods' users
            sandbox = JvmSandbox.of(image, Files.createDirectory(dir.resolve(image.name.replaceAll("[^\\w.-]", "_"))));
            sandboxes.put(image.name, sandbox);
        }
        return sandbox;
    }

    /** Whether the pod captures: a TaskManager of a job with {@code --interface}. */
    private static boolean captures(FlinkPod pod) throws IOException {
        if (pod.role != Role.TASK_MANAGER) {
            return false;
        }
        return Manifests.withSessionJobs(pod.deployment).stream()
                .anyMatch(job -> job.jobArgs().contains("--interface"));
    }
}
