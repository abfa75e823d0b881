package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas of the Flink Kubernetes Operator's CRDs ({@code flink-kubernetes-operator-api} 1.10.0), as the operator
 * ships them or made strict. The shipped schemas allow keys they do not describe, so a misspelt key would pass; the
 * strict form refuses every key that its object's schema does not name, wherever that schema lists properties and
 * says nothing of others (no {@code additionalProperties}, no {@code x-kubernetes-preserve-unknown-fields}), and
 * describes the top level as the API server does: {@code apiVersion}, {@code kind}, {@code metadata} (an
 * {@code ObjectMeta}, whose schema the CRD holds for pod templates), {@code spec}, {@code status}.
 */
final class CrdSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final Map<String, JsonNode> SCHEMAS = new ConcurrentHashMap<>();

    private CrdSchemas() {}

    /** The schema of {@code kind} at {@code apiVersion}, as the CRD has it. */
    static JsonSchema shipped(String kind, String apiVersion) throws IOException {
        return FACTORY.getSchema(openApiSchema(kind, apiVersion));
    }

    /** The schema of {@code kind} at {@code apiVersion}, refusing keys it does not name. */
    static JsonSchema strict(String kind, String apiVersion) throws IOException {
        ObjectNode root = openApiSchema(kind, apiVersion).deepCopy();
        ObjectNode properties = (ObjectNode) root.path("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.set("metadata", openApiSchema("FlinkDeployment", apiVersion)
                .at("/properties/spec/properties/podTemplate/properties/metadata").deepCopy());
        refuseUnnamedKeys(root);
        return FACTORY.getSchema(root);
    }

    /** Makes every object schema under {@code schema} that names its properties refuse all others. */
    static void refuseUnnamedKeys(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) schema;
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(CrdSchemas::refuseUnnamedKeys);
        refuseUnnamedKeys(object.path("items"));
        refuseUnnamedKeys(object.path("additionalProperties"));
        for (String combinator : new String[] {"allOf", "anyOf", "oneOf"}) {
            object.path(combinator).forEach(CrdSchemas::refuseUnnamedKeys);
        }
    }

    /** The {@code openAPIV3Schema} of {@code kind} at {@code apiVersion} in the operator's CRD. */
    private static JsonNode openApiSchema(String kind, String apiVersion) throws IOException {
        String key = kind + " " + apiVersion;
        JsonNode schema = SCHEMAS.get(key);
        if (schema == null) {
            schema = readOpenApiSchema(kind, apiVersion);
            SCHEMAS.put(key, schema);
        }
        return schema;
    }

    private static JsonNode readOpenApiSchema(String kind, String apiVersion) throws IOException {
        String resource = "META-INF/fabric8/" + kind.toLowerCase(Locale.ROOT) + "s.flink.apache.org-v1.yml";
        JsonNode crd;
        try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            crd = Manifests.YAML.readTree(in);
        }
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (JsonNode entry : crd.path("spec").path("versions")) {
            if (entry.path("name").asText().equals(version)) {
                return entry.path("schema").path("openAPIV3Schema");
            }
        }
        throw new AssertionError(kind + " has no version " + version + " in " + resource);
    }
}
