package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a pod's entry point runs its JVM, as the kernel sees it: the user, group and supplementary groups
 * ({@code runAsUser}, {@code runAsGroup}, {@code fsGroup} and {@code supplementalGroups}, else the image's user; an
 * image run as root has its entry point switch to {@code flink}), the bounding set the container runtime gives
 * ({@link ContainerRuntime}), and {@code no_new_privs} ({@code allowPrivilegeEscalation: false}).
 */
final class PodProcess {

    final long uid;
    final long gid;
    final List<Long> groups;
    final Set<String> boundingSet;
    final boolean noNewPrivileges;

    private PodProcess(long uid, long gid, List<Long> groups, Set<String> boundingSet, boolean noNewPrivileges) {
        this.uid = uid;
        this.gid = gid;
        this.groups = groups;
        this.boundingSet = boundingSet;
        this.noNewPrivileges = noNewPrivileges;
    }

    static PodProcess of(FlinkPod pod, JobImage image, ContainerRuntime runtime) {
        JsonNode container = pod.mainContainer().path("securityContext");
        JsonNode podContext = pod.spec().path("securityContext");
        long uid = first(container, podContext, "runAsUser", image.user);
        Set<String> boundingSet = runtime.boundingSet(container);
        boolean noNewPrivileges = !container.path("allowPrivilegeEscalation").asBoolean(true);
        if (uid == 0) {
            // The official image's entry point: gosu flink, which takes flink's own group and groups.
            return new PodProcess(JobImage.FLINK_USER, JobImage.FLINK_USER, List.of(), boundingSet, noNewPrivileges);
        }
        long gid = first(container, podContext, "runAsGroup", uid == JobImage.FLINK_USER ? JobImage.FLINK_USER : 0);
        List<Long> groups = new ArrayList<>();
        if (podContext.has("fsGroup")) {
            groups.add(podContext.path("fsGroup").asLong());
        }
        podContext.path("supplementalGroups").forEach(group -> groups.add(group.asLong()));
        return new PodProcess(uid, gid, groups, boundingSet, noNewPrivileges);
    }

    /** setpriv's options for this process, run by root. */
    List<String> setprivOptions() {
        List<String> options = new ArrayList<>(List.of("--reuid=" + uid, "--regid=" + gid));
        options.add(groups.isEmpty() ? "--clear-groups"
                : "--groups=" + groups.stream().map(String::valueOf).collect(Collectors.joining(",")));
        options.add("--inh-caps=-all");
        options.add("--bounding-set=" + Capabilities.setprivList(boundingSet));
        if (noNewPrivileges) {
            options.add("--no-new-privs");
        }
        return options;
    }

    private static long first(JsonNode container, JsonNode pod, String key, long otherwise) {
        return container.has(key) ? container.path(key).asLong() : pod.has(key) ? pod.path(key).asLong() : otherwise;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PodProcess && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    @Override
    public String toString() {
        return "uid " + uid + ", gid " + gid + ", groups " + groups + ", bounding set " + boundingSet
                + (noNewPrivileges ? ", no_new_privs" : "");
    }
}
