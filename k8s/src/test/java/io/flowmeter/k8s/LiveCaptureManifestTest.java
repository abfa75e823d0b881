package io.flowmeter.k8s;

import io.flowmeter.k8s.FlinkPod.Role;
import io.flowmeter.pcap.live.InterfaceRule;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live capture deployment captures on every capture node, once: its TaskManagers have one slot each, share the
 * node's network, and are placed one per node by a required pod anti-affinity on the node's hostname that selects
 * their own pods; and the interface is the rule {@code route:default}, which each TaskManager resolves on its node,
 * since a name would be the same for every node. (The job's parallelism, the number of capture nodes, is the
 * cluster's to know: k8s/README.md says how to set it.)
 */
class LiveCaptureManifestTest {

    private static final String HOSTNAME = "kubernetes.io/hostname";

    @Test
    void everyCaptureDeploymentPlacesOneTaskManagerPerNodeOnItsDefaultRouteInterface() throws Exception {
        List<Manifest> capturing = new ArrayList<>();
        for (Manifest deployment : Manifests.deployments()) {
            if (deployment.jobArgs().contains("--interface")) {
                capturing.add(deployment);
                checkOnePerNode(deployment);
            }
        }
        assertThat(capturing).extracting(m -> m.file).containsExactly("flowmeter-live.yaml");
    }

    private static void checkOnePerNode(Manifest deployment) {
        FlinkPod taskManager = FlinkPod.of(deployment, Role.TASK_MANAGER);
        JsonNode jobManagerLabels = FlinkPod.of(deployment, Role.JOB_MANAGER).labels();
        assertThat(taskManager.flinkOption("taskmanager.numberOfTaskSlots")).as("%s", deployment).hasValue("1");
        assertThat(taskManager.spec().path("hostNetwork").asBoolean()).as("%s shares the node's network", taskManager)
                .isTrue();
        assertThat(interfaces(deployment)).as("%s captures", deployment).containsExactly(InterfaceRule.DEFAULT_ROUTE);
        assertThat(taskManager.spec().at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution"))
                .as("%s: a required anti-affinity on %s that selects its own pods", taskManager, HOSTNAME)
                .anySatisfy(term -> {
                    assertThat(term.path("topologyKey").asText()).isEqualTo(HOSTNAME);
                    assertThat(selects(term.path("labelSelector"), taskManager.labels())).isTrue();
                    assertThat(selects(term.path("labelSelector"), jobManagerLabels)).isFalse();
                });
    }

    /** The values of the job's {@code --interface} options. */
    private static List<String> interfaces(Manifest deployment) {
        List<String> args = deployment.jobArgs();
        List<String> interfaces = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--interface")) {
                interfaces.add(args.get(i + 1));
            }
        }
        return interfaces;
    }

    /** Whether a label selector ({@code matchLabels}) selects a pod with these labels. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        assertThat(selector.has("matchExpressions")).as("the tests read matchLabels only: %s", selector).isFalse();
        JsonNode wanted = selector.path("matchLabels");
        if (wanted.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = wanted.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> label = entries.next();
            JsonNode value = labels.path(label.getKey());
            if (!value.isTextual() || !value.asText().equals(label.getValue().asText())) {
                return false;
            }
        }
        return true;
    }
}
