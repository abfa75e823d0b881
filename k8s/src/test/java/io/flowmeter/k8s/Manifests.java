package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifests of {@code k8s/}: every document of every {@code *.yaml} file, and the module's other files. */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The {@code k8s} module's directory (Maven runs tests there). */
    static final Path MODULE = Path.of(System.getProperty("flowmeter.k8s.dir", "."));

    private Manifests() {}

    /** Every document of every manifest, in file order. */
    static List<Manifest> all() throws IOException {
        List<Manifest> documents = new ArrayList<>();
        for (Path file : files()) {
            for (Object node : YAML.readerFor(JsonNode.class).readValues(file.toFile()).readAll()) {
                documents.add(new Manifest(file.getFileName().toString(), (JsonNode) node));
            }
        }
        assertThat(documents).as("manifests in %s", MODULE.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(6);
        return documents;
    }

    /** The manifest files. */
    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(MODULE)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
    }

    /** Every FlinkDeployment. */
    static List<Manifest> deployments() throws IOException {
        return all().stream().filter(m -> m.kind().equals("FlinkDeployment")).collect(Collectors.toList());
    }

    /** The document of {@code kind} in {@code file}. */
    static Manifest of(String file, String kind) throws IOException {
        return all().stream().filter(m -> m.file.equals(file) && m.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + file));
    }

    /** The FlinkSessionJobs that run on {@code deployment}. */
    static List<Manifest> sessionJobsOn(Manifest deployment) throws IOException {
        return all().stream().filter(m -> m.kind().equals("FlinkSessionJob")
                && m.spec().path("deploymentName").asText().equals(deployment.name())).collect(Collectors.toList());
    }

    /** The document, and the session jobs on it: all that may name a job's arguments and file systems. */
    static List<Manifest> withSessionJobs(Manifest deployment) throws IOException {
        List<Manifest> documents = new ArrayList<>(List.of(deployment));
        documents.addAll(sessionJobsOn(deployment));
        return documents;
    }
}
