package io.flowmeter.job.cli;

import io.flowmeter.jobs.CaptureFlows;
import io.flowmeter.flow.FeatureSelection;
import io.flowmeter.flow.FeatureSet;
import io.flowmeter.flow.FlowRecord;
import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.JobEnvironments;
import io.flowmeter.jobs.JobFailures;
import io.flowmeter.jobs.PacketFlows;
import io.flowmeter.job.FlowMeterPipeline;
import io.flowmeter.job.KafkaConnection;
import io.flowmeter.job.KafkaPackets;
import io.flowmeter.job.LivePackets;
import io.flowmeter.job.sink.FlowColumns;
import io.flowmeter.job.sink.FlowFileSink;
import io.flowmeter.job.sink.OutputFormat;
import io.flowmeter.job.sink.SchemaFile;
import io.flowmeter.pcap.live.InterfaceRule;
import io.flowmeter.pcap.live.LiveCaptureHandles;
import io.flowmeter.pcap.live.LiveCaptureSettings;
import io.flowmeter.jobs.cli.CommandLines;
import io.flowmeter.model.FlowModel;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

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

    @Option(names = "--input", arity = "1..*", paramLabel = "PATH",
            description = "Capture files or directories to read (repeatable; several paths may follow one --input).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--watch",
            description = "Keep scanning the input directories and process each new capture once (for example the"
                    + " rotating files of tcpdump -G); runs until cancelled.")
    boolean watch;

    @Option(names = "--watch-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often --watch scans the inputs. Default: ${DEFAULT-VALUE}.")
    double watchIntervalSeconds;

    @Option(names = "--watch-settle", paramLabel = "SECONDS", defaultValue = "10",
            description = "--watch reads a capture once it has not changed for this long. Default: ${DEFAULT-VALUE}.")
    double watchSettleSeconds;

    @Option(names = "--interface", paramLabel = "NAME",
            description = "Capture live on this network interface (repeatable) instead of reading captures; needs"
                    + " libpcap and the right to capture (root or CAP_NET_RAW). Runs until cancelled. "
                    + InterfaceRule.DEFAULT_ROUTE + ": the interface of the default route; run here, this host's;"
                    + " on a cluster, every subtask captures its own TaskManager host's (one TaskManager per host).")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--bpf", paramLabel = "EXPR",
            description = "With --interface: capture only packets that match this filter (tcpdump syntax).")
    String bpf;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "262144",
            description = "With --interface: keep at most this much of each frame; statistics use the length on the"
                    + " wire all the same. Default: ${DEFAULT-VALUE}.")
    int snaplen;

    @Option(names = "--promiscuous", description = "With --interface: capture in promiscuous mode.")
    boolean promiscuous;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "With --interface: capture for this long, then end the open flows (endReason eof), print"
                    + " the summary and exit. Default: until cancelled.")
    Double durationSeconds;

    @Option(names = "--kafka-topic", paramLabel = "TOPIC",
            description = "Read mirrored traffic from this Kafka topic (docs/kafka-format.md) instead of captures.")
    String kafkaTopic;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Directory for the flow files (flows-*.csv with one header row each, or .parquet, .jsonl;"
                    + " see --format) and _schema.json, which lists their columns and types; created if missing.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "Flow file format: csv, parquet or json (JSON Lines), all with the same columns."
                    + " Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--flows-topic", paramLabel = "TOPIC",
            description = "Also (or instead) write flows as JSON records to this Kafka topic, exactly once.")
    String flowsTopic;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC",
            description = "With --model: write the malicious flows as JSON records to this Kafka topic, exactly once.")
    String alertsTopic;

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers for --kafka-topic, --flows-topic and --alerts-topic.")
    String kafkaBootstrapServers;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, ...) for every Kafka option, as"
                    + " a Java properties file: credentials stay out of the command line.")
    String kafkaPropertiesFile;

    @Option(names = "--kafka-group-id", paramLabel = "ID", defaultValue = "flowmeter",
            description = "Consumer group of --kafka-topic; also names the output transactions. Default: ${DEFAULT-VALUE}.")
    String kafkaGroupId;

    @Option(names = "--kafka-start", paramLabel = "WHERE", defaultValue = "committed",
            description = "Where --kafka-topic is read from without a checkpoint: committed (the group's offsets, else"
                    + " earliest), earliest or latest. Default: ${DEFAULT-VALUE}.")
    String kafkaStart;

    @Option(names = "--kafka-bounded",
            description = "Stop at the offsets of --kafka-topic that are latest when the job starts (read a replay once).")
    boolean kafkaBounded;

    @Option(names = "--kafka-idle-partition", paramLabel = "SECONDS", defaultValue = "10",
            description = "A partition silent this long no longer holds back event time. Default: ${DEFAULT-VALUE}.")
    double kafkaIdleSeconds;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS",
            description = "Checkpoint this often; CSV files are committed at checkpoints. Default: every 10 s with"
                    + " --watch, --interface, --checkpoint-dir or when Kafka is read or written, else none (files are"
                    + " committed at the end).")
    Double checkpointIntervalSeconds;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Keep checkpoints in this directory (or file system URI, such as s3://bucket/path). They"
                    + " outlive the job when it is cancelled or killed, so that --restore can resume it.")
    String checkpointDirectory;

    @Option(names = "--state-backend", paramLabel = "NAME", defaultValue = "hashmap",
            description = "Where open flows live: hashmap (on the heap, fastest) or rocksdb (on local disk, for flow"
                    + " tables larger than memory; checkpoints are incremental). Default: ${DEFAULT-VALUE}.")
    String stateBackend;

    @Option(names = "--restore", paramLabel = "PATH",
            description = "Resume from a checkpoint or savepoint: its directory, or a --checkpoint-dir, whose latest"
                    + " completed checkpoint is used. Flows in progress and input positions continue from there;"
                    + " Kafka outputs hold every flow once.")
    String restore;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "A flow ends when no packet comes for this long (capture time). Default: ${DEFAULT-VALUE}.")
    double idleTimeoutSeconds;

    @Option(names = "--active-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "A flow ends once it has lasted this long; its next packet starts a new flow. "
                    + "Default: ${DEFAULT-VALUE}.")
    double activeTimeoutSeconds;

    @Option(names = "--tcp-linger", paramLabel = "SECONDS", defaultValue = "5",
            description = "A TCP flow closed by RST or FIN keeps the packets of its connection that follow the close"
                    + " (the peer's last ACK, a retransmitted FIN, another RST) for this long (capture time), so"
                    + " that they do not become flows of their own; its record is written once the linger has passed."
                    + " 0 writes a closed flow at once. Default: ${DEFAULT-VALUE}.")
    double tcpLingerSeconds;

    @Option(names = "--min-packets", paramLabel = "N", defaultValue = "0",
            description = "Write only flows with at least N packets (FlowMeter (Go) drops flows under 15). "
                    + "Default: ${DEFAULT-VALUE}, all flows.")
    int minPackets;

    @Option(names = "--features", paramLabel = "SET[,PLUGIN...]", defaultValue = "flowmeter",
            description = "Which features each flow carries: flowmeter (FlowMeter's statistics), extended (also TCP"
                    + " flag counts, header and payload bytes, initial windows, active/idle periods, bulks, subflows,"
                    + " ratios and the first packets' sizes, gaps and directions) or cic (CICFlowMeter's columns, as"
                    + " --schema cic), then any feature plugins to write after them, e.g. extended,ip-ttl (the TTL"
                    + " per direction). All in the same single pass. Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--schema", paramLabel = "NAME", defaultValue = "flowmeter",
            description = "Column names and order: flowmeter (this project's, for the chosen --features) or cic"
                    + " (CICFlowMeter's, as in the CIC-IDS2017 CSVs, so models made for them read the output"
                    + " unchanged; implies --features cic). Default: ${DEFAULT-VALUE}.")
    String schema;

    @Option(names = "--activity-timeout", paramLabel = "SECONDS",
            description = "With --features extended or cic: a gap longer than this ends an active period and counts as"
                    + " idle. Default: 5.")
    Double activityTimeoutSeconds;

    @Option(names = "--first-packets", paramLabel = "N", defaultValue = "10",
            description = "With --features extended: how many first packets of each flow to describe (size, gap and"
                    + " direction columns), 0 to " + FlowSettings.MAX_FIRST_PACKETS + ". Default: ${DEFAULT-VALUE}.")
    int firstPackets;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "0",
            description = "Hold at most N open flows (shared evenly by the flow subtasks), for bounded memory under"
                    + " floods and scans. When full, a packet that would start a new flow is written at once as a"
                    + " one-packet flow with endReason evicted; open flows are never pushed out. About 0.7 KB per"
                    + " flow. Default: ${DEFAULT-VALUE}, no limit.")
    long maxFlows;

    @Option(names = "--early-verdict-packets", paramLabel = "N", defaultValue = "0",
            description = "Also write an early record (endReason partial) of each flow still open once it has N"
                    + " packets; with --model it is scored, so a long malicious flow is alerted before it ends. The"
                    + " flow's final record follows as usual. Default: off.")
    long earlyVerdictPackets;

    @Option(names = "--early-verdict-seconds", paramLabel = "SECONDS",
            description = "Likewise, at the first packet once a flow has lasted this long (capture time); with"
                    + " --early-verdict-packets, whichever comes first. Default: off.")
    Double earlyVerdictSeconds;

    @Option(names = "--out-of-orderness", paramLabel = "SECONDS", defaultValue = "1",
            description = "How far capture timestamps may go backwards (merged or multi-queue captures) before "
                    + "flows are expired. Default: ${DEFAULT-VALUE}.")
    double outOfOrdernessSeconds;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallel subtasks. Default: the number of cores locally, the cluster's default under "
                    + "flink run.")
    Integer parallelism;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Score every flow with a model trained by bin/flowmeter-train: adds the columns probability"
                    + " and label (benign/malicious), and writes the malicious flows to the alerts directory.")
    String model;

    @Option(names = "--threshold", paramLabel = "P",
            description = "Decision threshold for --model: flows with a probability of at least P are malicious."
                    + " Default: the threshold the model was trained with (in its model.json).")
    Double threshold;

    @Option(names = "--alerts", paramLabel = "DIR",
            description = "Where --model writes the malicious flows. Default: DIR/alerts of --output.")
    String alerts;

    @Option(names = "--shuffle",
            description = "Read each capture once, in one reading subtask, and shuffle packets to the flow subtasks."
                    + " By default every subtask reads every capture and keeps its own flows, which is fastest on a"
                    + " few cores; on many subtasks, --shuffle reads less. The same flows either way.")
    boolean shuffle;

    @Option(names = "--fail-on-corrupt",
            description = "Exit with status 1 when any capture is corrupt or any input is missing.")
    boolean failOnCorrupt;

    @Option(names = "--overwrite",
            description = "Delete flow files of an earlier run in DIR first (otherwise such files are an error).")
    boolean overwrite;

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
        if (maxFlows < 0) {
            throw usage("--max-flows must not be negative, got " + maxFlows);
        }
        if (earlyVerdictPackets < 0) {
            throw usage("--early-verdict-packets must not be negative, got " + earlyVerdictPackets);
        }
        FeatureSet featureSet = featureSet();
        if ((earlyVerdictPackets > 0 || earlyVerdictSeconds != null) && featureSet == FeatureSet.CIC) {
            throw usage("early records need the endReason column to tell them from final ones, and CICFlowMeter's"
                    + " columns have none: use --early-verdict-* without --schema cic");
        }
        FlowSettings settings = new FlowSettings(seconds("--idle-timeout", idleTimeoutSeconds, false),
                seconds("--active-timeout", activeTimeoutSeconds, false), checkMinPackets())
                .withEarlyRecord(earlyVerdictPackets, earlyVerdictSeconds == null ? Duration.ZERO
                        : seconds("--early-verdict-seconds", earlyVerdictSeconds, false))
                .withMaxFlows(maxFlows)
                .withTcpLinger(seconds("--tcp-linger", tcpLingerSeconds, true))
                .withFeatures(featureSet, activityTimeoutSeconds == null ? FlowSettings.DEFAULT_ACTIVITY_TIMEOUT
                        : seconds("--activity-timeout", activityTimeoutSeconds, false), checkFirstPackets(featureSet))
                .withWrittenPlugins(featureSelection().plugins());
        Duration outOfOrderness = seconds("--out-of-orderness", outOfOrdernessSeconds, true);
        if (parallelism != null && parallelism < 1) {
            throw usage("--parallelism must be at least 1, got " + parallelism);
        }
        boolean fromKafka = kafkaTopic != null;
        boolean live = !interfaces.isEmpty();
        checkSourcesAndOutputs(fromKafka, live);
        OutputFormat outputFormat = outputFormat();
        StreamExecutionEnvironment env = JobEnvironments.create(parallelism,
                Checkpoints.options(checkpointDirectory, restorePath(), stateBackend()));
        boolean local = runsHere(env);
        if (local) {
            // A failure that persists (a broker that cannot be resolved, a full disk) ends the run with its cause
            // instead of restarting forever, while a passing one is retried; a cluster keeps its own strategy.
            env.setRestartStrategy(RestartStrategies.failureRateRestart(3, Time.minutes(5), Time.seconds(10)));
            checkCheckpointDirectory();
        }
        LiveCaptureSettings liveSettings = live ? liveCaptureSettings(local) : null;
        KafkaPackets.Start kafkaStartAt = kafkaStart();
        KafkaConnection kafka = kafkaConnection();
        Duration idlePartition = seconds("--kafka-idle-partition", kafkaIdleSeconds, false);
        boolean fromFiles = !fromKafka && !live;
        InputResolver resolved = fromFiles ? InputResolver.resolve(inputs) : InputResolver.none();
        resolved.problems.forEach(problem -> err.println("flowmeter: " + problem));
        if (fromFiles && resolved.readable.isEmpty()) {
            throw usage("no readable input among: " + String.join(" ", inputs));
        }
        if (fromFiles && resolved.captureFiles == 0) {
            err.println("flowmeter: warning: no capture files (*.pcap, *.pcapng, *.cap, *.dmp, .gz) in the inputs");
        }
        FlowModel flowModel = loadModel(settings);
        if (flowModel != null) {
            settings = settings.withExtraColumns(flowModel.featureColumns()); // the plugins the model's columns need
        }
        boolean resuming = restore != null
                || env.getConfiguration().getOptional(SavepointConfigOptions.SAVEPOINT_PATH).isPresent();
        if (resuming && overwrite) {
            throw usage("--overwrite would delete the flows of the run this one resumes; leave it out");
        }
        Path outputDirectory = output == null ? null : prepareDirectory("--output", output, resuming);
        Path alertsDirectory = flowModel == null || (alerts == null && outputDirectory == null) ? null
                : prepareDirectory("--alerts", alerts != null ? alerts : outputDirectory.resolve("alerts").toString(),
                        resuming);
        FlowMeterPipeline.Scoring scoring = flowModel == null ? null
                : new FlowMeterPipeline.Scoring(flowModel, threshold != null ? threshold : flowModel.threshold(),
                        settings.layout());

        boolean kafkaInvolved = fromKafka || flowsTopic != null || alertsTopic != null;
        boolean unbounded = watch || (live && !liveSettings.bounded()) || (fromKafka && !kafkaBounded);
        if (unbounded) {
            settings = settings.withUnboundedInput();
        }
        if (kafkaInvolved || unbounded || checkpointIntervalSeconds != null || checkpointDirectory != null) {
            Duration interval = seconds("--checkpoint-interval",
                    checkpointIntervalSeconds != null ? checkpointIntervalSeconds : 10.0, false);
            env.enableCheckpointing(Math.max(1, interval.toMillis()));
        }
        DataStream<FlowRecord> flows;
        if (fromKafka) {
            flows = PacketFlows.flows(KafkaPackets.read(env, kafka, kafkaTopic, kafkaGroupId,
                    kafkaStartAt, kafkaBounded, outOfOrderness, idlePartition), settings, "");
        } else if (live) {
            flows = PacketFlows.flows(LivePackets.capture(env, liveSettings, outOfOrderness), settings, "");
        } else {
            Set<org.apache.flink.core.fs.Path> explicitFiles = new HashSet<>();
            resolved.files.forEach(file -> explicitFiles.add(flinkPath(file)));
            List<org.apache.flink.core.fs.Path> paths =
                    resolved.readable.stream().map(FlowMeterCli::flinkPath).collect(Collectors.toList());
            flows = watch
                    ? CaptureFlows.watched(env, paths, explicitFiles, settings, outOfOrderness,
                            seconds("--watch-interval", watchIntervalSeconds, false),
                            seconds("--watch-settle", watchSettleSeconds, true))
                    : CaptureFlows.flows(env, paths, explicitFiles, settings, outOfOrderness,
                            shuffle ? CaptureFlows.Layout.SHUFFLED : CaptureFlows.Layout.SHARDED, "");
        }
        FlowColumns<FlowRecord> columns = FlowColumns.of(settings);
        writeSchemaFiles(outputDirectory, alertsDirectory, outputFormat, columns);
        FlowMeterPipeline.build(env, flows, new FlowMeterPipeline.Outputs(
                outputDirectory == null ? null : flinkPath(outputDirectory),
                alertsDirectory == null ? null : flinkPath(alertsDirectory),
                kafka, flowsTopic, alertsTopic, "flowmeter-" + kafkaGroupId)
                .withColumns(columns).withFormat(outputFormat), scoring);

        long start = System.nanoTime();
        JobExecutionResult result;
        try {
            JobClient job = env.executeAsync(fromKafka ? "FlowMeter: Kafka topic " + kafkaTopic
                    : live ? "FlowMeter: live capture on " + String.join(",", interfaces)
                    : "FlowMeter: " + resolved.captureFiles + " capture files");
            if (JobEnvironments.isDetachedSubmission(env)) {
                out.println("flowmeter: submitted job " + job.getJobID() + "; it runs on the cluster until it ends"
                        + (unbounded ? " or is stopped (flink stop --savepointPath DIR " + job.getJobID() + ")" : ""));
                return 0;
            }
            try (ProgressReporter progress = noProgress ? null
                    : new ProgressReporter(job, err, resolved.captureFiles, resolved.captureBytes)) {
                result = job.getJobExecutionResult().get();
            }
        } catch (Exception e) {
            if (ExceptionUtils.findThrowable(e, JobCancellationException.class).isPresent()) {
                // How an unbounded job (--watch, --interface, Kafka without --kafka-bounded) is meant to stop.
                err.println("flowmeter: the job was cancelled");
                return unbounded ? 0 : 1;
            }
            err.println("flowmeter: the job failed: " + JobFailures.causeChain(e));
            return 1;
        }
        RunStatistics stats = new RunStatistics(result.getAllAccumulatorResults());
        RunSummary.print(out, stats, resolved.problems, destination(outputDirectory, flowsTopic),
                System.nanoTime() - start);
        if (scoring != null) {
            RunSummary.printScoring(out, stats, scoring.threshold(), destination(alertsDirectory, alertsTopic));
        }
        boolean anyCorrupt = stats.filesCorrupt() > 0 || !resolved.problems.isEmpty();
        return failOnCorrupt && anyCorrupt ? 1 : 0;
    }

    private void checkSourcesAndOutputs(boolean fromKafka, boolean live) {
        int sources = (inputs.isEmpty() ? 0 : 1) + (fromKafka ? 1 : 0) + (live ? 1 : 0);
        if (sources != 1) {
            throw usage("give one of --input PATH... (captures), --kafka-topic TOPIC (mirrored traffic) or"
                    + " --interface NAME (live capture)");
        }
        if (!live && (bpf != null || promiscuous || durationSeconds != null)) {
            throw usage("--bpf, --promiscuous and --duration go with --interface NAME");
        }
        if ((fromKafka || flowsTopic != null || alertsTopic != null) && kafkaBootstrapServers == null) {
            throw usage("--kafka-topic, --flows-topic and --alerts-topic need --kafka-bootstrap-servers HOST:PORT");
        }
        if (output == null && flowsTopic == null) {
            throw usage("give --output DIR and/or --flows-topic TOPIC for the flows");
        }
        if (alertsTopic != null && model == null) {
            throw usage("--alerts-topic goes with --model DIR");
        }
        if ((fromKafka || live) && (shuffle || watch)) {
            throw usage("--shuffle and --watch are for captures; live and Kafka input is shuffled by flow already");
        }
    }

    private LiveCaptureSettings liveCaptureSettings(boolean checkHere) {
        if (snaplen <= 0) {
            throw usage("--snaplen must be positive, got " + snaplen);
        }
        LiveCaptureSettings settings;
        try {
            settings = new LiveCaptureSettings(checkHere ? resolvedHere(interfaces) : interfaces, bpf, snaplen,
                    promiscuous);
        } catch (IllegalArgumentException | IOException e) {
            throw usage("--interface: " + e.getMessage());
        }
        if (durationSeconds != null) {
            settings = settings.withDuration(seconds("--duration", durationSeconds, false));
        }
        if (!checkHere) {
            return settings;
        }
        try {
            LiveCaptureHandles.check(settings);
        } catch (IOException | LinkageError e) {
            // LinkageError: libpcap itself is missing (pcap4j binds to it through JNA).
            throw usage("--interface: " + e.getMessage());
        }
        return settings;
    }

    /** Run here, the job has one host: a lone rule is this host's interface, captured once. */
    private static List<String> resolvedHere(List<String> interfaces) throws IOException {
        return interfaces.size() == 1 ? List.of(InterfaceRule.resolve(interfaces.get(0))) : interfaces;
    }

    /** A --checkpoint-dir whose file system this JVM lacks fails now, not at the first checkpoint. */
    private void checkCheckpointDirectory() {
        if (checkpointDirectory == null) {
            return;
        }
        try {
            new org.apache.flink.core.fs.Path(Checkpoints.uri(checkpointDirectory)).getFileSystem();
        } catch (IOException | IllegalArgumentException e) {
            throw usage("--checkpoint-dir " + checkpointDirectory + ": " + e.getMessage());
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

    private String restorePath() throws IOException {
        if (restore == null) {
            return null;
        }
        try {
            String checkpoint = Checkpoints.latest(restore);
            err.println("flowmeter: resuming from " + checkpoint);
            return checkpoint;
        } catch (IllegalArgumentException e) {
            throw usage("--restore: " + e.getMessage());
        }
    }

    private OutputFormat outputFormat() {
        try {
            return OutputFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw usage("--format must be csv, parquet or json, got " + format);
        }
    }

    /** {@code _schema.json} in each flow file directory: the flows', and the alerts' (scored flows). */
    private void writeSchemaFiles(Path outputDirectory, Path alertsDirectory, OutputFormat outputFormat,
            FlowColumns<FlowRecord> columns) throws IOException {
        boolean scored = model != null;
        FlowColumns<?> flowColumns = scored ? FlowColumns.scored(columns) : columns;
        if (outputDirectory != null) {
            SchemaFile.write(outputDirectory, outputFormat, flowColumns, scored ? "flows scored by the model "
                    + model + " (columns probability and label)" : "flows");
        }
        if (alertsDirectory != null) {
            SchemaFile.write(alertsDirectory, outputFormat, flowColumns, "flows the model " + model
                    + " flagged as malicious");
        }
    }

    /** --features: a set, then plugins whose columns are written after its own. */
    private FeatureSelection featureSelection() {
        try {
            return FeatureSelection.parse(features);
        } catch (IllegalArgumentException e) {
            throw usage("--features " + e.getMessage() + ", got " + features);
        }
    }

    private FeatureSet featureSet() {
        FeatureSet set = featureSelection().set();
        if (schema.equalsIgnoreCase("cic") && !featureSelection().plugins().isEmpty()) {
            throw usage("--schema cic writes CICFlowMeter's columns only; leave the plugins out of --features");
        }
        if (schema.equalsIgnoreCase("cic")) {
            if (set != FeatureSet.FLOWMETER && set != FeatureSet.CIC) {
                throw usage("--schema cic writes CICFlowMeter's columns, not the " + set.label() + " set's; leave"
                        + " --features out (or give --features cic)");
            }
            return FeatureSet.CIC;
        }
        if (!schema.equalsIgnoreCase("flowmeter")) {
            throw usage("--schema must be flowmeter or cic, got " + schema);
        }
        return set;
    }

    /** --first-packets, checked, and --activity-timeout checked against the feature {@code set}. */
    private int checkFirstPackets(FeatureSet set) {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption("--first-packets");
        if (given && set != FeatureSet.EXTENDED) {
            throw usage("--first-packets goes with --features extended (the other sets have no first-packet columns)");
        }
        if (activityTimeoutSeconds != null && set == FeatureSet.FLOWMETER) {
            throw usage("--activity-timeout goes with --features extended or cic (FlowMeter's set has no active or"
                    + " idle periods)");
        }
        if (firstPackets < 0 || firstPackets > FlowSettings.MAX_FIRST_PACKETS) {
            throw usage("--first-packets must be 0 to " + FlowSettings.MAX_FIRST_PACKETS + ", got " + firstPackets);
        }
        return firstPackets;
    }

    private String stateBackend() {
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw usage("--state-backend must be hashmap or rocksdb, got " + stateBackend);
        }
        return stateBackend;
    }

    private KafkaConnection kafkaConnection() {
        if (kafkaBootstrapServers == null) {
            if (kafkaPropertiesFile != null) {
                throw usage("--kafka-properties goes with --kafka-bootstrap-servers");
            }
            return null;
        }
        return KafkaOptions.connection(spec, "--kafka-bootstrap-servers", kafkaBootstrapServers, kafkaPropertiesFile);
    }

    private KafkaPackets.Start kafkaStart() {
        try {
            return KafkaPackets.Start.of(kafkaStart);
        } catch (IllegalArgumentException e) {
            throw usage("--kafka-start must be committed, earliest or latest, got " + kafkaStart);
        }
    }

    private static String destination(Path directory, String topic) {
        if (directory == null) {
            return "Kafka topic " + topic;
        }
        return topic == null ? directory.toString() : directory + " and Kafka topic " + topic;
    }

    private int checkMinPackets() {
        if (minPackets < 0) {
            throw usage("--min-packets must not be negative, got " + minPackets);
        }
        return minPackets;
    }

    private Duration seconds(String option, double value, boolean zeroAllowed) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw usage(option + " must be a " + (zeroAllowed ? "non-negative" : "positive")
                    + " number of seconds, got " + value);
        }
        long whole = (long) Math.min(value, 9.0e18);
        long nanos = Math.round((value - Math.floor(value)) * 1e9) % 1_000_000_000L;
        return Duration.ofSeconds(whole, nanos);
    }

    private FlowModel loadModel(FlowSettings settings) throws IOException {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw usage("--threshold must be a probability between 0 and 1, got " + threshold);
        }
        if (model == null) {
            if (threshold != null || alerts != null) {
                throw usage("--threshold and --alerts go with --model DIR");
            }
            return null;
        }
        try {
            return FlowModel.load(Path.of(model).toAbsolutePath().normalize(), settings.featureConfig());
        } catch (IllegalArgumentException e) {
            throw usage("--model: " + e.getMessage());
        }
    }

    /**
     * Creates the directory if missing and checks that it can be written. Flow files of an earlier run are an error
     * (or deleted, with --overwrite), except when this run resumes that one ({@code resuming}: --restore, or flink
     * run -s), whose committed files are kept and whose pending ones the restored sink finishes.
     */
    private Path prepareDirectory(String option, String path, boolean resuming) throws IOException {
        Path directory = Path.of(path).toAbsolutePath().normalize();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw usage(option + " " + path + " is a file, not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw usage("cannot create " + option + " directory " + path + ": " + e.getMessage());
        }
        if (!Files.isWritable(directory)) {
            throw usage(option + " directory " + path + " is not writable");
        }
        if (resuming) {
            return directory;
        }
        List<Path> earlier = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(FlowFileSink.PART_PREFIX) || name.startsWith("." + FlowFileSink.PART_PREFIX)) {
                    earlier.add(entry);
                }
            }
        }
        if (!earlier.isEmpty()) {
            if (!overwrite) {
                throw usage(option + " directory " + path + " already holds " + earlier.size()
                        + " flow files of an earlier run; choose another directory or add --overwrite");
            }
            for (Path file : earlier) {
                Files.delete(file);
            }
        }
        return directory;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path path) {
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
