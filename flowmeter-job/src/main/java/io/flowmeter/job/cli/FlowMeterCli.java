package io.flowmeter.job.cli;

import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.job.FlowMeterJob;
import io.flowmeter.job.FlowSource;
import io.flowmeter.job.KafkaConnection;
import io.flowmeter.job.LivePackets;
import io.flowmeter.job.PipePackets;
import io.flowmeter.job.forward.FrameForwarding;
import io.flowmeter.job.forward.PacketForwarder;
import io.flowmeter.pcap.source.CaptureDiscovery;
import io.flowmeter.job.sink.FlowColumns;
import io.flowmeter.job.sink.OutputFormat;
import io.flowmeter.job.sink.SchemaFile;
import io.flowmeter.jobs.JobEnvironments;
import io.flowmeter.jobs.labels.GroundTruth;
import io.flowmeter.jobs.cli.CommandLines;
import io.flowmeter.jobs.cli.LabelOptions;
import io.flowmeter.jobs.cli.Usage;
import io.flowmeter.model.FlowModel;

import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/flowmeter}: capture files in, flow CSV out. Runs in an embedded local Flink environment, or on a
 * cluster when submitted with {@code flink run}.
 */
@Command(name = "flowmeter", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FlowMeterCli.Version.class,
        description = {
            "Turns pcap and pcapng captures (also gzip-compressed) into bidirectional flows with FlowMeter's "
                    + "statistics, written as CSV files.",
            "Directories are read recursively; in them, files named *.pcap, *.pcapng, *.cap, *.dmp (with an "
                    + "optional rotation number and .gz) are read. Files named as inputs are always read.",
            "A corrupt capture is reported with its path, byte offset and reason; the flows of every other "
                    + "capture are complete."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the run completed (corrupt captures are reported, not fatal)",
            "1:the job failed, or --fail-on-corrupt and a capture was corrupt or missing",
            "2:unusable arguments",
            "3:out of memory (bin/flowmeter): raise -Xmx in FLOWMETER_JAVA_OPTS or bound the flows with --max-flows"})
public final class FlowMeterCli implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "0..1", order = 1, heading = "%nCaptures:%n")
    CaptureOptions captures = new CaptureOptions();

    @ArgGroup(exclusive = false, multiplicity = "0..1", order = 2, heading = "%nLive capture:%n")
    InterfaceOptions interfaces = new InterfaceOptions();

    @ArgGroup(exclusive = false, multiplicity = "0..1", order = 3, heading = "%nMirrored traffic from Kafka:%n")
    KafkaSourceOptions kafkaSource = new KafkaSourceOptions();

    @Mixin OutputOptions output;
    @Mixin KafkaConnectionOptions kafka;
    @Mixin CheckpointOptions checkpoints;
    @Mixin FlowSettingsOptions flow;
    @Mixin ScoringOptions scoring;
    @Mixin ForwardOptions forward;
    @Mixin LabelOptions labels;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallel subtasks. Default: the number of cores locally, the cluster's default under "
                    + "flink run.")
    Integer parallelism;

    @Option(names = "--fail-on-corrupt",
            description = "Exit with status 1 when any capture is corrupt or any input is missing.")
    boolean failOnCorrupt;

    @Option(names = "--no-progress", description = "Do not print progress lines while the job runs.")
    boolean noProgress;

    private final PrintStream out;
    private final PrintStream err;

    public FlowMeterCli() {
        this(System.out, System.err);
    }

    FlowMeterCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        CommandLines.exit(run(System.out, System.err, args));
    }

    /** Runs the command line, printing to the given streams, and returns its exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return CommandLines.execute(new FlowMeterCli(out, err), out, err, args);
    }

    @Override
    public Integer call() throws Exception {
        Usage usage = new Usage(spec);
        // A group none of whose options is given is left null by picocli.
        CaptureOptions captures = this.captures != null ? this.captures : new CaptureOptions();
        InterfaceOptions interfaces = this.interfaces != null ? this.interfaces : new InterfaceOptions();
        KafkaSourceOptions kafkaSource = this.kafkaSource != null ? this.kafkaSource : new KafkaSourceOptions();

        FlowSettings settings = scoring.withEarlyVerdicts(usage, flow.settings(usage));
        Duration outOfOrderness = flow.outOfOrderness(usage);
        if (parallelism != null && parallelism < 1) {
            throw usage.error("--parallelism must be at least 1, got " + parallelism);
        }
        checkSourcesAndOutputs(usage, captures, interfaces, kafkaSource);
        OutputFormat outputFormat = output.format(usage);
        StreamExecutionEnvironment env = JobEnvironments.create(parallelism, checkpoints.options(usage, err));
        boolean local = runsHere(env);
        if (local && !env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent()) {
            Checkpoints.keepOnLocalDisk(env);
        }
        if (local) {
            // A failure that persists (a broker that cannot be resolved, a full disk) ends the run with its cause
            // instead of restarting forever, while a passing one is retried; a cluster keeps its own strategy.
            env.setRestartStrategy(RestartStrategies.failureRateRestart(3, Time.minutes(5), Time.seconds(10)));
            checkpoints.checkDirectory(usage);
        }
        FlowSource live = interfaces.given() ? new LivePackets(interfaces.settings(usage, local)) : null;
        KafkaConnection connection = kafka.connection(usage);
        FlowSource fromKafka = kafkaSource.source(usage, connection); // its options are checked whatever the source
        boolean pipe = captures.given() && captures.pipe(usage);
        if (pipe && !local) {
            throw usage.error("--input - reads the standard input of this process, which a cluster's task managers do"
                    + " not see: run it with bin/flowmeter (local execution), not flink run");
        }
        if (pipe) {
            // Standard input cannot be read again: a restarted reader would go on mid-stream. A failure ends the run.
            env.setRestartStrategy(RestartStrategies.noRestart());
        }
        InputResolver resolved = captures.given() && !pipe ? captures.resolve(usage, err) : InputResolver.none();
        FlowModel model = scoring.loadModel(usage, settings);
        if (model != null) {
            // computes the plugins the model's columns need, and writes them beside the verdicts (CICFlowMeter's
            // schema keeps its own columns)
            settings = settings.featureSet() == io.flowmeter.flow.FeatureSet.CIC
                    ? settings.withExtraColumns(model.featureColumns())
                    : settings.withWrittenColumns(model.featureColumns());
        }
        boolean resuming = checkpoints.restore != null
                || env.getConfiguration().getOptional(SavepointConfigOptions.SAVEPOINT_PATH).isPresent();
        if (resuming && output.overwrite) {
            throw usage.error("--overwrite would delete the flows of the run this one resumes; leave it out");
        }
        Path outputDirectory = output.output == null ? null
                : output.prepareDirectory(usage, "--output", output.output, resuming);
        Path alertsDirectory = model == null || (scoring.alerts == null && outputDirectory == null) ? null
                : output.prepareDirectory(usage, "--alerts", scoring.alerts != null ? scoring.alerts
                        : outputDirectory.resolve("alerts").toString(), resuming);
        boolean continuous = pipe || live != null || kafkaSource.given() || captures.watch;
        Path forwardDirectory = continuous ? null : forwardDirectory(usage, model, resuming);
        FrameForwarding frameForwarding = continuous
                ? frameForwarding(usage, model, connection, "flowmeter-" + kafkaSource.groupId, resuming) : null;
        FlowMeterJob.Scoring scored = model == null ? null
                : new FlowMeterJob.Scoring(model, scoring.threshold(model), settings.layout());

        boolean kafkaInvolved = kafkaSource.given() || output.flowsTopic != null || scoring.alertsTopic != null
                || forward.forwardTopic != null;
        FlowSource source = live != null ? live : kafkaSource.given() ? fromKafka
                : pipe ? new PipePackets() : captures.source(usage, resolved);
        boolean unbounded = source.unbounded();
        if (unbounded) {
            settings = settings.withUnboundedInput();
        }
        if (kafkaInvolved || unbounded || checkpoints.asked()) {
            env.enableCheckpointing(Math.max(1, checkpoints.interval(usage).toMillis()));
        }
        GroundTruth truth = labels.groundTruth(usage);
        FlowColumns<FlowRecord> columns = truth == null ? FlowColumns.of(settings)
                : FlowColumns.withGroundTruth(FlowColumns.of(settings), truth, settings.featureSet() == FeatureSet.CIC);
        writeSchemaFiles(outputDirectory, alertsDirectory, outputFormat, columns);
        FlowMeterJob.build(env, source, settings, outOfOrderness, new FlowMeterJob.Outputs(
                outputDirectory == null ? null : flinkPath(outputDirectory),
                alertsDirectory == null ? null : flinkPath(alertsDirectory),
                connection, output.flowsTopic, scoring.alertsTopic, "flowmeter-" + kafkaSource.groupId)
                .withColumns(columns).withFormat(outputFormat).withGroundTruth(truth)
                .withForwardIndex(forwardDirectory == null ? null
                        : flinkPath(forwardDirectory.resolve(PacketForwarder.INDEX)))
                .withFrameForwarding(frameForwarding), scored);

        return new FlowMeterRun(out, err).unbounded(unbounded).endsWithItsInput(pipe)
                .progress(!noProgress, resolved.captureFiles, resolved.captureBytes)
                .corruptInputs(resolved.problems, failOnCorrupt)
                .groundTruth(truth)
                .forwarding(forwardDirectory == null ? null
                        : CaptureDiscovery.captures(new ArrayList<>(resolved.readable)), forwardDirectory)
                .forwardingFrames(frameForwarding != null)
                .destinations(destination(outputDirectory, output.flowsTopic),
                        scored == null ? null : scored.threshold(), destination(alertsDirectory, scoring.alertsTopic))
                .execute(env, live != null ? "FlowMeter: live capture on " + String.join(",", interfaces.interfaces)
                        : kafkaSource.given() ? "FlowMeter: Kafka topic " + kafkaSource.topic
                        : pipe ? "FlowMeter: standard input"
                        : "FlowMeter: " + resolved.captureFiles + " capture files");
    }

    /**
     * The {@code --forward-pcap} directory, emptied of an earlier run's forwarded captures with {@code --overwrite};
     * null without the option.
     */
    private Path forwardDirectory(Usage usage, FlowModel model, boolean resuming) throws IOException {
        if (forward.forwardTopic != null) {
            throw usage.error("--forward-topic forwards continuous inputs (--kafka-topic, --interface, --watch,"
                    + " --input -); for captures read once, use --forward-pcap DIR");
        }
        if (forward.streamingOptionsGiven()) {
            throw usage.error("--forward-buffer-*, --forward-all-after and --forward-rotate-* go with continuous"
                    + " inputs; captures read once are forwarded whole, from a second read after the job");
        }
        if (forward.forwardPcap == null) {
            return null;
        }
        if (model == null) {
            throw usage.error("--forward-pcap forwards the flows a model flags: give --model DIR");
        }
        if (resuming) {
            throw usage.error("--forward-pcap reads the captures again after the job: it does not go with a restore");
        }
        Path directory = forwardPcapDirectory();
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            clearEarlierRun(usage, entries.filter(e -> e.getFileName().toString().endsWith(".flagged.pcap")
                    || e.getFileName().toString().equals(PacketForwarder.INDEX)), "entries");
        }
        return directory;
    }

    /** The {@code --forward-pcap} directory, made if missing. */
    private Path forwardPcapDirectory() throws IOException {
        return Files.createDirectories(Path.of(forward.forwardPcap).toAbsolutePath().normalize());
    }

    /**
     * Deletes the {@code --forward-pcap} files (or directories) of an earlier run with {@code --overwrite}; refuses
     * them without it, counting them as {@code unit}.
     */
    private void clearEarlierRun(Usage usage, java.util.stream.Stream<Path> earlierRun, String unit)
            throws IOException {
        List<Path> earlier = new ArrayList<>();
        earlierRun.forEach(earlier::add);
        if (!earlier.isEmpty() && !output.overwrite) {
            throw usage.error("--forward-pcap " + forward.forwardPcap + " holds the packets of an earlier run ("
                    + earlier.size() + " " + unit + "); give --overwrite to replace them, or another directory");
        }
        for (Path entry : earlier) {
            org.apache.flink.util.FileUtils.deleteFileOrDirectory(entry.toFile());
        }
    }

    /**
     * Forwarding of a continuous input as its flows are scored; null without {@code --forward-pcap} or
     * {@code --forward-topic}. A forward directory holding an earlier run's files needs {@code --overwrite}, unless
     * this run resumes that one.
     */
    private FrameForwarding frameForwarding(Usage usage, FlowModel model, KafkaConnection connection,
            String transactionalIdPrefix, boolean resuming) throws IOException {
        if (!forward.given()) {
            if (forward.streamingOptionsGiven()) {
                throw usage.error("--forward-buffer-*, --forward-all-after and --forward-rotate-* go with"
                        + " --forward-pcap DIR or --forward-topic TOPIC");
            }
            return null;
        }
        if (model == null) {
            throw usage.error("--forward-pcap and --forward-topic forward the flows a model flags: give --model DIR");
        }
        if (forward.forwardPcap != null) {
            Path directory = forwardPcapDirectory();
            if (!resuming) {
                try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                    clearEarlierRun(usage, files.filter(f -> f.getFileName().toString().endsWith(".pcap")), "files");
                }
            }
        }
        return forward.continuous(usage, connection, kafka.given(), transactionalIdPrefix);
    }

    private void checkSourcesAndOutputs(Usage usage, CaptureOptions captures, InterfaceOptions interfaces,
            KafkaSourceOptions kafkaSource) {
        int sources = (captures.given() ? 1 : 0) + (kafkaSource.given() ? 1 : 0) + (interfaces.given() ? 1 : 0);
        if (sources != 1) {
            throw usage.error("give one of --input PATH... (captures), --kafka-topic TOPIC (mirrored traffic) or"
                    + " --interface NAME (live capture)");
        }
        if (!interfaces.given() && interfaces.captureOptionsGiven()) {
            throw usage.error("--bpf, --promiscuous and --duration go with --interface NAME");
        }
        if ((kafkaSource.given() || output.flowsTopic != null || scoring.alertsTopic != null) && !kafka.given()) {
            throw usage.error("--kafka-topic, --flows-topic and --alerts-topic need --kafka-bootstrap-servers"
                    + " HOST:PORT");
        }
        if (output.output == null && output.flowsTopic == null) {
            throw usage.error("give --output DIR and/or --flows-topic TOPIC for the flows");
        }
        if (scoring.alertsTopic != null && scoring.model == null) {
            throw usage.error("--alerts-topic goes with --model DIR");
        }
        if (!captures.given() && (captures.shuffle || captures.watch)) {
            throw usage.error("--shuffle and --watch are for captures; live and Kafka input is shuffled by flow"
                    + " already");
        }
    }

    /**
     * Whether the job's tasks run in this JVM (bin/flowmeter, or a test's MiniCluster). Under flink run they run on
     * task managers elsewhere, so interfaces are not tried here: this host may have neither them nor libpcap.
     */
    private static boolean runsHere(StreamExecutionEnvironment env) {
        String target = env.getConfiguration().get(DeploymentOptions.TARGET);
        return target == null || "local".equals(target) || "minicluster".equals(target);
    }

    /** {@code _schema.json} in each flow file directory: the flows', and the alerts' (scored flows). */
    private void writeSchemaFiles(Path outputDirectory, Path alertsDirectory, OutputFormat outputFormat,
            FlowColumns<FlowRecord> columns) throws IOException {
        boolean scored = scoring.model != null;
        FlowColumns<?> flowColumns = scored ? FlowColumns.scored(columns) : columns;
        if (outputDirectory != null) {
            SchemaFile.write(outputDirectory, outputFormat, flowColumns, scored ? "flows scored by the model "
                    + scoring.model + " (columns probability and label)" : "flows");
        }
        if (alertsDirectory != null) {
            SchemaFile.write(alertsDirectory, outputFormat, flowColumns, "flows the model " + scoring.model
                    + " flagged as malicious");
        }
    }

    private static String destination(Path directory, String topic) {
        if (directory == null) {
            return "Kafka topic " + topic;
        }
        return topic == null ? directory.toString() : directory + " and Kafka topic " + topic;
    }

    static org.apache.flink.core.fs.Path flinkPath(Path path) {
        return new org.apache.flink.core.fs.Path(path.toUri());
    }

    /** Version from the jar manifest, when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FlowMeterCli.class.getPackage().getImplementationVersion();
            return new String[] {"flowmeter " + (version == null ? "(development build)" : version)
                    + ", Apache Flink 1.17"};
        }
    }
}
