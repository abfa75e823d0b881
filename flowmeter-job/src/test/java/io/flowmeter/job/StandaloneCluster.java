package io.flowmeter.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Flink standalone session cluster on loopback, each part a JVM of its own as {@code bin/start-cluster.sh} starts
 * them: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and task managers ({@code TaskManagerRunner}), with
 * the memory settings Flink's own scripts compute ({@code BashJavaUtils}), on the classpath of module flink-cluster
 * (a distribution's lib/). {@link #flink} runs the {@code flink} command line ({@code CliFrontend}) against it.
 * {@link #close} kills every process, also when the test failed; a JVM shutdown hook does it if the test JVM ends
 * first.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BASH_RESULT = Pattern.compile("^BASH_JAVA_UTILS_EXEC_RESULT:(.*)$", Pattern.MULTILINE);

    /**
     * What Flink 1.18's default configuration gives every process on Java 17 (env.java.opts.all); Flink 1.17's
     * images run Java 11 and need none of it, this machine's Java 17 does (NetUtils, Kryo on JDK collections).
     */
    private static final List<String> JAVA_17_OPTIONS = List.of("--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path home;
    private final Path conf;
    private final String classpath;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private final Thread killer = new Thread(this::killAll, "standalone-cluster-teardown");

    private StandaloneCluster(Path home, Path conf, String classpath, int restPort) {
        this.home = home;
        this.conf = conf;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /** The jars of the cluster (module flink-cluster's target/lib), which the build puts in a system property. */
    static Path lib() {
        String lib = System.getProperty("flowmeter.flink.lib");
        if (lib == null || !Files.isDirectory(Path.of(lib))) {
            throw new IllegalStateException("no Flink cluster classpath at " + lib + "; build module flink-cluster");
        }
        return Path.of(lib);
    }

    /** Starts a JobManager and {@code taskManagers} task managers of one slot each, and waits until all registered. */
    static StandaloneCluster start(Path home, int taskManagers) throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("log"));
        int restPort = freePort();
        Files.writeString(conf.resolve("flink-conf.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.bind-host: localhost",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.numberOfTaskSlots: 1",
                "taskmanager.memory.process.size: 1280m",
                "parallelism.default: " + taskManagers,
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "heartbeat.interval: 1000",
                "") + "\n");
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                "") + "\n");
        String classpath = lib().resolve("*").toString();
        StandaloneCluster cluster = new StandaloneCluster(home, conf, classpath, restPort);
        Runtime.getRuntime().addShutdownHook(cluster.killer);
        try {
            cluster.launch("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    cluster.resourceParams("GET_JM_RESOURCE_PARAMS"));
            List<List<String>> taskManagerParams = cluster.resourceParams("GET_TM_RESOURCE_PARAMS");
            for (int i = 0; i < taskManagers; i++) {
                cluster.launch("taskmanager-" + i, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        taskManagerParams);
            }
            cluster.awaitTaskManagers(taskManagers);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** {@code host:port} of the REST API (and web UI). */
    String restAddress() {
        return "localhost:" + restPort;
    }

    /** Runs {@code flink ARGS...} (the CLI) against this cluster and waits at most {@code timeout} for it to end. */
    CommandResult flink(Duration timeout, String... args) throws Exception {
        List<String> command = java("cli", "org.apache.flink.client.cli.CliFrontend", List.of());
        command.addAll(Arrays.asList(args));
        Path output = Files.createTempFile(home, "flink-cli-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        Process cli = builder.start();
        if (!cli.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            cli.destroyForcibly().waitFor();
            throw new AssertionError("flink " + String.join(" ", args) + " did not end within " + timeout
                    + "; it printed:\n" + Files.readString(output) + logs());
        }
        return new CommandResult(cli.exitValue(), Files.readString(output));
    }

    /** The REST API's answer to a GET of {@code path} (such as {@code /jobs/overview}). */
    JsonNode rest(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + restAddress() + path)).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The state (RUNNING, FINISHED, ...) of a job. */
    String jobState(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId).get("state").asText();
    }

    /** How many checkpoints of the job have completed (the REST API's {@code /jobs/:id/checkpoints}). */
    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").get("counts").get("completed").asLong();
    }

    /** The last lines of every process's log, for a failure message. */
    String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path log : files.sorted().collect(Collectors.toList())) {
                List<String> lines = Files.readAllLines(log);
                all.append("\n--- ").append(log.getFileName()).append(" (last 40 lines) ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private synchronized void killAll() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    /**
     * The JVM options and dynamic properties Flink's scripts give a JobManager or TaskManager ({@code
     * BashJavaUtils GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS}): the heap and direct memory sizes, and the
     * derived memory settings a TaskManagerRunner refuses to start without.
     */
    private List<List<String>> resourceParams(String command) throws Exception {
        List<String> java = java("bash-java-utils", "org.apache.flink.runtime.util.bash.BashJavaUtils", List.of());
        java.addAll(List.of(command, "--configDir", conf.toString()));
        Process process = new ProcessBuilder(java).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + output);
        }
        List<List<String>> results = new ArrayList<>();
        Matcher matcher = BASH_RESULT.matcher(output);
        while (matcher.find()) {
            results.add(Arrays.stream(matcher.group(1).trim().split(" +")).filter(s -> !s.isEmpty())
                    .collect(Collectors.toList()));
        }
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no JVM and dynamic options:\n" + output);
        }
        return results;
    }

    /** Starts a cluster process: {@code params} holds its JVM options, then its dynamic properties. */
    private void launch(String name, String mainClass, List<List<String>> params) throws IOException {
        List<String> command = java(name, mainClass, params.get(0));
        command.addAll(List.of("--configDir", conf.toString()));
        command.addAll(params.get(1));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("log").resolve(name + ".out").toFile()).start();
        synchronized (this) {
            processes.add(process);
        }
    }

    private List<String> java(String name, String mainClass, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JAVA_17_OPTIONS);
        command.addAll(jvmOptions.isEmpty() ? List.of("-Xmx256m") : jvmOptions);
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError",
                "-Dlog.file=" + home.resolve("log").resolve(name + ".log"),
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri(),
                "-cp", classpath, mainClass));
        return command;
    }

    private void awaitTaskManagers(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new AssertionError("a cluster process exited with status " + process.exitValue() + logs());
                }
            }
            try {
                JsonNode taskManagers = rest("/taskmanagers").get("taskmanagers");
                if (taskManagers.size() == expected) {
                    return;
                }
                last = taskManagers.size() + " task managers";
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the cluster did not get " + expected + " task managers in 90 s (" + last + ")" + logs());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What a {@code flink} command printed (stdout and stderr together), and its exit status. */
    static final class CommandResult {
        final int exitStatus;
        final String output;

        CommandResult(int exitStatus, String output) {
            this.exitStatus = exitStatus;
            this.output = output;
        }

        /** The first group of {@code pattern} in the output, or an error naming the output. */
        String find(String pattern) {
            Matcher matcher = Pattern.compile(pattern).matcher(output);
            if (!matcher.find()) {
                throw new AssertionError("no match for " + pattern + " in:\n" + output);
            }
            return matcher.group(1);
        }

        @Override
        public String toString() {
            return "exit " + exitStatus + "\n" + output;
        }
    }
}
