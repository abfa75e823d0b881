package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which file systems a FlinkDeployment names, and whether each of its pods has a plugin for them. The names are the
 * URI schemes in its Flink options and its job ({@code state.checkpoints.dir: s3://...}, {@code --output gs://...}),
 * and in those of the session jobs on it. A pod's plugins are the image's ({@link JobImage#pluginJars}) and those its
 * entry point enables from {@code opt/} ({@code ENABLE_BUILT_IN_PLUGINS}, jars separated by {@code ;}, which must be
 * of the image's Flink version). The schemes of Flink's file system plugins are those their factories register.
 */
final class FileSystemPlugins {

    /** The file system plugins of Flink's {@code opt/}, by jar name without version, and their schemes. */
    static final Map<String, Set<String>> SCHEMES = Map.of(
            "flink-s3-fs-presto", Set.of("s3", "s3p"),
            "flink-s3-fs-hadoop", Set.of("s3", "s3a"),
            "flink-gs-fs-hadoop", Set.of("gs"),
            "flink-azure-fs-hadoop", Set.of("wasb", "wasbs", "abfs", "abfss"),
            "flink-oss-fs-hadoop", Set.of("oss"));
    /**
     * Schemes that need no plugin: Flink's own local file system, the image's files ({@code jarURI: local://}) and
     * what the operator downloads itself ({@code jarURI: https://} of a session job).
     */
    static final Set<String> WITHOUT_PLUGIN = Set.of("file", "local", "http", "https");
    private static final Pattern URI_SCHEME = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*)://");

    private FileSystemPlugins() {}

    /** What is wrong with the file systems of {@code deployment} and {@code sessionJobs} on it; empty when nothing. */
    static List<String> problems(Manifest deployment, List<Manifest> sessionJobs) throws IOException {
        Set<String> schemes = new TreeSet<>();
        for (Manifest document : concat(deployment, sessionJobs)) {
            schemes.addAll(schemes(document.spec().path("flinkConfiguration")));
            schemes.addAll(schemes(document.spec().path("job")));
        }
        schemes.removeAll(WITHOUT_PLUGIN);
        List<String> problems = new ArrayList<>();
        for (FlinkPod.Role role : FlinkPod.Role.values()) {
            FlinkPod pod = FlinkPod.of(deployment, role);
            JobImage image = JobImage.named(pod.image());
            Set<String> plugins = plugins(pod, image);
            plugins.stream().filter(jar -> !jar.endsWith("-" + image.flinkVersion + ".jar")).forEach(jar -> problems
                    .add(pod + " enables " + jar + ", which is not of the image's Flink " + image.flinkVersion));
            Set<String> served = plugins.stream().map(FileSystemPlugins::artifact)
                    .flatMap(artifact -> SCHEMES.getOrDefault(artifact, Set.of()).stream()).collect(Collectors.toSet());
            for (String scheme : schemes) {
                Set<String> serving = pluginsServing(scheme);
                if (!served.contains(scheme)) {
                    problems.add(pod + " names " + scheme + "://, which " + (serving.isEmpty()
                            ? "no plugin of Flink's opt/ serves" : "needs one of " + serving
                            + " (ENABLE_BUILT_IN_PLUGINS), but has only the plugins " + plugins));
                }
            }
        }
        return problems;
    }

    /** The image's plugins and those the pod enables. */
    private static Set<String> plugins(FlinkPod pod, JobImage image) {
        Set<String> plugins = new LinkedHashSet<>(image.pluginJars);
        pod.env("ENABLE_BUILT_IN_PLUGINS").ifPresent(jars -> Arrays.stream(jars.split(";"))
                .map(String::trim).filter(jar -> !jar.isEmpty()).forEach(plugins::add));
        return plugins;
    }

    private static Set<String> pluginsServing(String scheme) {
        Set<String> plugins = new TreeSet<>();
        SCHEMES.forEach((artifact, schemes) -> {
            if (schemes.contains(scheme)) {
                plugins.add(artifact);
            }
        });
        return plugins;
    }

    /** {@code flink-s3-fs-presto-1.17.2.jar}: flink-s3-fs-presto. */
    private static String artifact(String jar) {
        return jar.replaceAll("-[0-9][0-9.]*\\.jar$", "");
    }

    /** The URI schemes in every text under {@code node}, lower case. */
    private static Set<String> schemes(JsonNode node) {
        Set<String> schemes = new TreeSet<>();
        if (node.isTextual()) {
            Matcher matcher = URI_SCHEME.matcher(node.asText());
            while (matcher.find()) {
                schemes.add(matcher.group(1).toLowerCase());
            }
        }
        node.forEach(child -> schemes.addAll(schemes(child)));
        return schemes;
    }

    private static List<Manifest> concat(Manifest first, List<Manifest> rest) {
        List<Manifest> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
