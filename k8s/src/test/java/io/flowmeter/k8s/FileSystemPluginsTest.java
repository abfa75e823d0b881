package io.flowmeter.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file system a manifest names has its plugin in every pod of the deployment ({@link FileSystemPlugins}). */
class FileSystemPluginsTest {

    @Test
    void everyFileSystemAManifestNamesHasItsPlugin() throws Exception {
        for (Manifest deployment : Manifests.deployments()) {
            assertThat(FileSystemPlugins.problems(deployment, Manifests.sessionJobsOn(deployment)))
                    .as("%s", deployment).isEmpty();
        }
    }

    @Test
    void checkpointsOnS3WithoutAnS3PluginFail() throws Exception {
        Manifest kafka = Manifests.of("flowmeter-kafka.yaml", "FlinkDeployment").copy();
        ((ArrayNode) kafka.node.at("/spec/podTemplate/spec/containers/0/env")).removeAll();

        assertThat(FileSystemPlugins.problems(kafka, List.of()))
                .anySatisfy(p -> assertThat(p).startsWith("flowmeter-kafka.yaml JobManager names s3://"))
                .anySatisfy(p -> assertThat(p).startsWith("flowmeter-kafka.yaml TaskManager names s3://"));
    }

    @Test
    void aSchemeThatTheEnabledPluginDoesNotServeFails() throws Exception {
        Manifest kafka = Manifests.of("flowmeter-kafka.yaml", "FlinkDeployment").copy();
        ((ObjectNode) kafka.spec().path("flinkConfiguration")).put("state.savepoints.dir", "s3a://flowmeter/sp");

        assertThat(FileSystemPlugins.problems(kafka, List.of()))
                .anySatisfy(p -> assertThat(p).contains("names s3a://, which needs one of [flink-s3-fs-hadoop]"));
    }

    @Test
    void aFileSystemInAJobsArgumentsOrASessionJobCounts() throws Exception {
        Manifest archive = Manifests.of("flowmeter-archive.yaml", "FlinkDeployment").copy();
        ((ArrayNode) archive.spec().path("job").path("args")).add("--checkpoint-dir").add("gs://flowmeter/cp");
        Manifest session = Manifests.of("flowmeter-session.yaml", "FlinkDeployment");
        Manifest job = Manifests.of("flowmeter-session.yaml", "FlinkSessionJob").copy();
        ((ArrayNode) job.spec().path("job").path("args")).add("--output").add("abfss://c@a.dfs.core.windows.net/f");

        assertThat(FileSystemPlugins.problems(archive, List.of()))
                .anySatisfy(p -> assertThat(p).contains("names gs://"));
        assertThat(FileSystemPlugins.problems(session, List.of(job)))
                .anySatisfy(p -> assertThat(p).contains("names abfss://"));
    }

    @Test
    void aPluginOfAnotherFlinkVersionFails() throws Exception {
        Manifest kafka = Manifests.of("flowmeter-kafka.yaml", "FlinkDeployment").copy();
        ((ObjectNode) kafka.node.at("/spec/podTemplate/spec/containers/0/env/0"))
                .put("value", "flink-s3-fs-presto-1.16.3.jar");

        assertThat(FileSystemPlugins.problems(kafka, List.of()))
                .anySatisfy(p -> assertThat(p).contains("not of the image's Flink 1.17.2"));
    }
}
