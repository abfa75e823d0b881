package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code flinkVersion: v1_17}); each job names a main class of the job jar, and its arguments parse on that main
 * class's command line; and no manifest holds a secret.
 */
class ManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path MODULE = Path.of(System.getProperty("flowmeter.k8s.dir", "."));

    /** Every document of every manifest, with the file it came from. */
    private static List<Document> documents() throws Exception {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(MODULE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList())) {
                for (JsonNode node : YAML.readerFor(JsonNode.class).readValues(file.toFile()).readAll()
                        .stream().map(JsonNode.class::cast).collect(Collectors.toList())) {
                    documents.add(new Document(file.getFileName().toString(), node));
                }
            }
        }
        assertThat(documents).as("manifests in %s", MODULE.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(6);
        return documents;
    }

    @Test
    void everyManifestValidatesAgainstTheOperatorsCrd() throws Exception {
        Set<String> kinds = documents().stream().map(d -> d.node.path("kind").asText()).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder("FlinkDeployment", "FlinkSessionJob");
        for (Document document : documents()) {
            JsonSchema schema = schemaFor(document.node.path("kind").asText(), document.node.path("apiVersion").asText());
            Set<ValidationMessage> errors = schema.validate(document.node);
            assertThat(errors).as("%s: %s", document.file, document.node.path("metadata").path("name")).isEmpty();
        }
    }

    @Test
    void theValidationRejectsWhatTheOperatorWouldReject() throws Exception {
        JsonSchema schema = schemaFor("FlinkDeployment", "flink.apache.org/v1beta1");
        JsonNode deployment = documents().stream().filter(d -> d.file.equals("flowmeter-archive.yaml")).findFirst()
                .orElseThrow().node.deepCopy();
        ((ObjectNode) deployment.path("spec")).put("flinkVersion", "v1_12");
        ((ObjectNode) deployment.path("spec").path("job"))
                .put("parallelism", "four");

        assertThat(schema.validate(deployment)).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("flinkVersion"))
                .anySatisfy(m -> assertThat(m).contains("parallelism"));
    }

    @Test
    void everyJobNamesAMainClassOfTheJobJarAndItsArgumentsParse() throws Exception {
        for (Document document : documents()) {
            JsonNode job = document.node.path("spec").path("job");
            if (job.isMissingNode()) {
                continue;
            }
            String entryClass = job.path("entryClass").asText();
            List<String> args = new ArrayList<>();
            job.path("args").forEach(arg -> args.add(arg.asText()));
            Object command = newCommand(Class.forName(entryClass));
            new CommandLine(command).parseArgs(args.toArray(new String[0]));
            assertThat(jobJarEntries()).as("%s names %s", document.file, entryClass)
                    .contains(entryClass.replace('.', '/') + ".class");
        }
    }

    @Test
    void noManifestHoldsASecret() throws Exception {
        try (Stream<Path> files = Files.list(MODULE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).collect(Collectors.toList())) {
                String text = Files.readString(file).toLowerCase(Locale.ROOT);
                assertThat(text).as(file.toString()).doesNotContain("password").doesNotContain("sasl.jaas.config")
                        .doesNotContain("secretkey").doesNotContain("token:");
            }
        }
    }

    /** The schema of {@code kind} at {@code apiVersion} from the operator's CRD (apiextensions v1 form). */
    private static JsonSchema schemaFor(String kind, String apiVersion) throws Exception {
        String resource = "META-INF/fabric8/" + kind.toLowerCase(Locale.ROOT) + "s.flink.apache.org-v1.yml";
        JsonNode crd;
        try (InputStream in = ManifestsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            crd = YAML.readTree(in);
        }
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (JsonNode entry : crd.path("spec").path("versions")) {
            if (entry.path("name").asText().equals(version)) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                        .getSchema(entry.path("schema").path("openAPIV3Schema"));
            }
        }
        throw new AssertionError(kind + " has no version " + version + " in " + resource);
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

    private static Set<String> jobJarEntries() throws Exception {
        Path target = MODULE.resolve("../flowmeter-job/target");
        Path jar;
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            jar = files.filter(f -> f.getFileName().toString().matches("flowmeter-job-.*-job\\.jar")).findFirst()
                    .orElse(null);
        }
        Assumptions.assumeTrue(jar != null, "the job jar is built by mvn package (mvn verify runs it before this)");
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
    }

    /** One YAML document and the file it is in. */
    private static final class Document {
        final String file;
        final JsonNode node;

        Document(String file, JsonNode node) {
            this.file = file;
            this.node = node;
        }
    }
}
