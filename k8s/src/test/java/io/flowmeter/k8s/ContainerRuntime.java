package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container runtime's default capability set, and the set it gives a container from its
 * {@code securityContext.capabilities}: the bounding set, which is what file capabilities may draw on, since a
 * non-root entry point keeps no capability across its {@code exec}. Kubernetes leaves both to the runtime:
 * containerd's CRI plugin (and Docker/cri-dockerd, with the same list) takes every capability for an {@code add} of
 * {@code ALL}, none for a {@code drop} of {@code ALL}, then adds the named ones, then drops the named ones.
 */
enum ContainerRuntime {
    /** containerd's and Docker's default ({@code oci.defaultUnixCaps}, moby's {@code DefaultCapabilities}). */
    CONTAINERD("containerd/Docker", "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID",
            "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE"),
    /** CRI-O's default since 1.18 ({@code default_capabilities} of {@code crio.conf}): no NET_RAW. */
    CRI_O("CRI-O", "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE",
            "KILL");

    final String title;
    private final Set<String> defaults;

    ContainerRuntime(String title, String... defaults) {
        this.title = title;
        this.defaults = Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(defaults)));
    }

    /**
     * The bounding set of a container with this {@code securityContext}.
     *
     * @throws IllegalArgumentException for a privileged container or an {@code add} of {@code ALL}: every
     *         capability, which no manifest of this project may grant
     */
    Set<String> boundingSet(JsonNode securityContext) {
        JsonNode capabilities = securityContext.path("capabilities");
        if (securityContext.path("privileged").asBoolean(false) || contains(capabilities.path("add"), "ALL")) {
            throw new IllegalArgumentException("grants every capability: " + securityContext);
        }
        Set<String> set = new TreeSet<>(contains(capabilities.path("drop"), "ALL") ? Set.of() : defaults);
        capabilities.path("add").forEach(name -> set.add(Capabilities.normalize(name.asText())));
        capabilities.path("drop").forEach(name -> {
            if (!name.asText().equalsIgnoreCase("ALL")) {
                set.remove(Capabilities.normalize(name.asText()));
            }
        });
        return set;
    }

    private static boolean contains(JsonNode names, String name) {
        for (JsonNode entry : names) {
            if (entry.asText().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
