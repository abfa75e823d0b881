package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A pod of a FlinkDeployment as the operator builds it: {@code spec.podTemplate} with the role's own
 * {@code podTemplate} merged over it the operator's way ({@code FlinkUtils.mergePodTemplates}: objects key by key,
 * arrays element by element, by position, as {@code kubernetes.operator.pod-template.merge-arrays-by-name} is false
 * by default), and in it Flink's main container, {@code flink-main-container}.
 */
final class FlinkPod {

    /** A Flink process of the deployment. */
    enum Role {
        JOB_MANAGER("jobManager", "master", "JobManager"),
        TASK_MANAGER("taskManager", "taskmanager", "TaskManager");

        /** The key of its settings in the FlinkDeployment's spec. */
        final String specKey;
        /** Its part of Flink's {@code containerized.<role>.env.<NAME>} options. */
        final String envKey;
        final String title;

        Role(String specKey, String envKey, String title) {
            this.specKey = specKey;
            this.envKey = envKey;
            this.title = title;
        }
    }

    static final String MAIN_CONTAINER = "flink-main-container";

    final Manifest deployment;
    final Role role;
    /** The merged pod template. */
    final JsonNode template;

    private FlinkPod(Manifest deployment, Role role, JsonNode template) {
        this.deployment = deployment;
        this.role = role;
        this.template = template;
    }

    static FlinkPod of(Manifest deployment, Role role) {
        JsonNode base = deployment.spec().path("podTemplate");
        JsonNode own = deployment.spec().path(role.specKey).path("podTemplate");
        ObjectNode merged = base.isObject() ? base.deepCopy() : Manifests.YAML.createObjectNode();
        if (own.isObject()) {
            mergeInto(merged, own);
        }
        return new FlinkPod(deployment, role, merged);
    }

    /** The pod's spec. */
    JsonNode spec() {
        return template.path("spec");
    }

    /** Flink's container; an empty node when the template does not change it. */
    JsonNode mainContainer() {
        for (JsonNode container : spec().path("containers")) {
            if (container.path("name").asText().equals(MAIN_CONTAINER)) {
                return container;
            }
        }
        return Manifests.YAML.createObjectNode();
    }

    /** The pod's labels from its template. */
    JsonNode labels() {
        return template.path("metadata").path("labels");
    }

    /** A Flink option of the deployment. */
    Optional<String> flinkOption(String key) {
        JsonNode value = deployment.spec().path("flinkConfiguration").path(key);
        return value.isMissingNode() ? Optional.empty() : Optional.of(value.asText());
    }

    /**
     * The main container's environment variable {@code name} with a literal value: Flink's
     * {@code containerized.<role>.env.<name>} option, else the template's.
     */
    Optional<String> env(String name) {
        Optional<String> option = flinkOption("containerized." + role.envKey + ".env." + name);
        if (option.isPresent()) {
            return option;
        }
        for (JsonNode variable : mainContainer().path("env")) {
            if (variable.path("name").asText().equals(name) && variable.has("value")) {
                return Optional.of(variable.path("value").asText());
            }
        }
        return Optional.empty();
    }

    /** The image the pod runs. */
    String image() {
        return deployment.spec().path("image").asText();
    }

    @Override
    public String toString() {
        return deployment.file + " " + role.title;
    }

    /** {@code FlinkUtils.mergeInto}: {@code from}'s keys over {@code to}'s, objects and arrays merged. */
    private static void mergeInto(JsonNode to, JsonNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode toChild = to.get(field.getKey());
            if (toChild != null && toChild.isArray() && field.getValue().isArray()) {
                mergeArray((ArrayNode) toChild, (ArrayNode) field.getValue());
            } else if (toChild != null && toChild.isObject()) {
                mergeInto(toChild, field.getValue());
            } else if (to.isObject()) {
                ((ObjectNode) to).replace(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static void mergeArray(ArrayNode to, ArrayNode from) {
        for (int i = 0; i < from.size(); i++) {
            if (to.size() <= i) {
                to.add(from.get(i).deepCopy());
            } else {
                mergeInto(to.get(i), from.get(i));
            }
        }
    }
}
