package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** One YAML document of a manifest file of {@code k8s/}, and the file it is in. */
final class Manifest {

    final String file;
    final JsonNode node;

    Manifest(String file, JsonNode node) {
        this.file = file;
        this.node = node;
    }

    String kind() {
        return node.path("kind").asText();
    }

    String name() {
        return node.path("metadata").path("name").asText();
    }

    JsonNode spec() {
        return node.path("spec");
    }

    /** The job's arguments; none when the document has no job. */
    List<String> jobArgs() {
        List<String> args = new ArrayList<>();
        spec().path("job").path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /** A copy of this document, to change in a test. */
    Manifest copy() {
        return new Manifest(file, node.deepCopy());
    }

    @Override
    public String toString() {
        return file + " " + kind() + " " + name();
    }
}
