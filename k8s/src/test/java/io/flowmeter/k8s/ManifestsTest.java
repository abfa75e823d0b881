package io.flowmeter.k8s;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every manifest in {@code k8s/} is valid for the Flink Kubernetes Operator: each document validates against the
 * schema of its kind in the operator's CRDs ({@code flink-kubernetes-operator-api} 1.10.0, which accepts
 * {@code flinkVersion: v1_17}) made strict, so that a key the schema does not name fails ({@link CrdSchemas}); each
 * job names a main class of the job jar, and its arguments parse on that main class's command line; and no manifest
 * holds a secret.
 */
class ManifestsTest {

    @Test
    void everyManifestValidatesAgainstTheOperatorsCrdMadeStrict() throws Exception {
        Set<String> kinds = Manifests.all().stream().map(Manifest::kind).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder("FlinkDeployment", "FlinkSessionJob");
        for (Manifest document : Manifests.all()) {
            assertThat(strictErrors(document)).as("%s", document).isEmpty();
        }
    }

    @Test
    void theValidationRejectsWhatTheOperatorWouldReject() throws Exception {
        Manifest deployment = Manifests.of("flowmeter-archive.yaml", "FlinkDeployment").copy();
        ((ObjectNode) deployment.spec()).put("flinkVersion", "v1_12");
        ((ObjectNode) deployment.spec().path("job")).put("parallelism", "four");

        assertThat(strictErrors(deployment)).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("flinkVersion"))
                .anySatisfy(m -> assertThat(m).contains("parallelism"));
    }

    /** One misspelling of each kind, made by renaming a key that a manifest has: each must fail. */
    @ParameterizedTest(name = "{0}: {3} for {2} in {1}")
    @CsvSource({
        "a misspelt top-level spec key, flowmeter-archive.yaml, /spec/taskManager, taskManger",
        "a misspelt nested key, flowmeter-live.yaml, /spec/taskManager/podTemplate, podTemplte",
        "a misspelt pod spec key, flowmeter-kafka.yaml, /spec/podTemplate/spec/securityContext, securityContex",
        "a misspelt container key, flowmeter-archive.yaml, /spec/podTemplate/spec/containers/0/volumeMounts,"
                + " volumeMount",
        "a misspelt key of a container's securityContext, flowmeter-live.yaml,"
                + " /spec/taskManager/podTemplate/spec/containers/0/securityContext/allowPrivilegeEscalation,"
                + " allowPrivilegeEscalaton",
        "a key in the wrong case, flowmeter-kafka.yaml, /spec/job/entryClass, entryclass",
        "a key in the wrong case in a pod template, flowmeter-train.yaml, /spec/podTemplate/spec/volumes,"
                + " Volumes",
        "a misspelt metadata key, flowmeter-train.yaml, /metadata/name, nmae",
        "a misspelt session job key, flowmeter-session.yaml#FlinkSessionJob, /spec/deploymentName,"
                + " deploymentNme",
    })
    void aMisspeltKeyFails(String kind, String document, String pointer, String misspelling) throws Exception {
        String[] fileAndKind = document.split("#");
        Manifest manifest = Manifests.of(fileAndKind[0], fileAndKind.length > 1 ? fileAndKind[1] : "FlinkDeployment")
                .copy();
        renameKey(manifest.node, JsonPointer.compile(pointer), misspelling);

        assertThat(strictErrors(manifest)).as("%s with %s", kind, misspelling)
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains(misspelling).contains("not defined in the schema"));
        assertThat(CrdSchemas.shipped(manifest.kind(), manifest.node.path("apiVersion").asText())
                .validate(manifest.node)).as("the operator's own schema lets %s pass", misspelling).isEmpty();
    }

    @Test
    void everyJobNamesAMainClassOfTheJobJarAndItsArgumentsParse() throws Exception {
        for (Manifest document : Manifests.all()) {
            JsonNode job = document.spec().path("job");
            if (job.isMissingNode()) {
                continue;
            }
            String entryClass = job.path("entryClass").asText();
            List<String> args = document.jobArgs();
            Object command = newCommand(Class.forName(entryClass));
            new CommandLine(command).parseArgs(args.toArray(new String[0]));
            assertThat(jobJarEntries(job.path("jarURI").asText())).as("%s names %s", document.file, entryClass)
                    .contains(entryClass.replace('.', '/') + ".class");
        }
    }

    @Test
    void noManifestHoldsASecret() throws Exception {
        for (Path file : Manifests.files()) {
            String text = Files.readString(file).toLowerCase(Locale.ROOT);
            assertThat(text).as(file.toString()).doesNotContain("password").doesNotContain("sasl.jaas.config")
                    .doesNotContain("secretkey").doesNotContain("secret-key").doesNotContain("token:")
                    .doesNotContain("aws_secret_access_key:");
        }
    }

    private static Set<ValidationMessage> strictErrors(Manifest document) throws IOException {
        JsonSchema schema = CrdSchemas.strict(document.kind(), document.node.path("apiVersion").asText());
        return schema.validate(document.node);
    }

    /** Renames the key at {@code pointer} to {@code newName}, keeping its value. */
    private static void renameKey(JsonNode root, JsonPointer pointer, String newName) {
        JsonNode parent = root.at(pointer.head());
        String key = pointer.last().getMatchingProperty();
        assertThat(parent.has(key)).as("%s is in the manifest", pointer).isTrue();
        ObjectNode object = (ObjectNode) parent;
        object.set(newName, object.remove(key));
    }

    private static Object newCommand(Class<?> main) throws Exception {
        try {
            return main.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            Constructor<?> printing = main.getDeclaredConstructor(PrintStream.class, PrintStream.class);
            printing.setAccessible(true);
            return printing.newInstance(System.out, System.err);
        }
    }

    /** The entries of the job jar a {@code jarURI} names: the image holds flowmeter-job.jar and training-job.jar. */
    private static Set<String> jobJarEntries(String jarUri) throws Exception {
        String module = jarUri.endsWith("/training-job.jar") ? "training-job" : "flowmeter-job";
        Path target = Manifests.MODULE.resolve("../" + module + "/target");
        Path jar;
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            jar = files.filter(f -> f.getFileName().toString().matches(module + "-.*-job\\.jar")).findFirst()
                    .orElse(null);
        }
        Assumptions.assumeTrue(jar != null, "the job jar is built by mvn package (mvn verify runs it before this)");
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
    }
}
