package io.flowmeter.train.cli;

import io.flowmeter.flow.FlowSettings;
import io.flowmeter.jobs.cli.CommandLines;
import io.flowmeter.jobs.cli.FlowTimeoutOptions;
import io.flowmeter.jobs.cli.LabelOptions;
import io.flowmeter.jobs.cli.Usage;
import io.flowmeter.jobs.JobEnvironments;
import io.flowmeter.jobs.JobFailures;
import io.flowmeter.jobs.labels.GroundTruth;
import io.flowmeter.train.data.CaptureInput;
import io.flowmeter.train.data.FlowTableInput;
import io.flowmeter.train.data.SeededSplit;
import io.flowmeter.train.data.TrainingRows;
import io.flowmeter.train.eval.BinaryMetrics;
import io.flowmeter.train.eval.GroupedEvaluation;
import io.flowmeter.train.eval.TrainingReport;
import io.flowmeter.train.stage.ClassifierSettings;
import io.flowmeter.model.ModelManifest;
import io.flowmeter.model.SavedPipeline;
import io.flowmeter.model.Sha256;
import io.flowmeter.model.stage.ScalerModelData;

import ml.dmlc.xgboost4j.java.Booster;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code bin/flowmeter-train}: trains a benign/malicious flow classifier with a Flink ML pipeline, evaluates it,
 * and writes the model (Flink ML stages plus {@code model.json}), {@code metrics.json} and a report.
 */
@Command(name = "flowmeter-train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Trains a classifier of benign and malicious flows (feature assembly, standard scaling, and class-weighted"
                    + " logistic regression or XGBoost gradient-boosted trees, as one Flink ML pipeline), evaluates it on"
                    + " held-out flows and writes the model, metrics.json and report.html with charts to DIR.",
            "Inputs are labelled flow tables (--flows, --label-column), captures labelled by input (--benign,"
                    + " --malicious) or captures labelled by rules (--captures, --labels). A model scores flows with:"
                    + " bin/flowmeter ... --model DIR",
            "bin/flowmeter-train calibrate --model DIR --benign CAPTURES sets a model's threshold from a site's own"
                    + " benign traffic (calibrate --help)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the model was trained and written", "1:training failed", "2:unusable arguments"})
public final class TrainCli implements Callable<Integer> {

    /** The false-positive rates at which the report always gives the recall, with a bootstrap interval. */
    static final double[] FIXED_FALSE_POSITIVE_RATES = {0.001, 0.01};
    static final int BOOTSTRAP_RESAMPLES = 200;

    @Spec CommandSpec spec;

    @Option(names = "--flows", arity = "1..*", paramLabel = "PATH",
            description = "Labelled flow tables (CSV with a header: this project's, FlowMeter's or CICFlowMeter's);"
                    + " a directory stands for the .csv files in it.")
    List<Path> flows = new ArrayList<>();

    @Option(names = "--label-column", paramLabel = "NAME", description = "The label column of the flow tables.")
    String labelColumn;

    @Option(names = "--benign-value", paramLabel = "V", defaultValue = "benign",
            description = "Rows whose label equals V (ignoring case) are benign, all others malicious. Default: ${DEFAULT-VALUE}.")
    String benignValue;

    @Option(names = "--feature-columns", split = ",", paramLabel = "NAME",
            description = "Feature columns, comma-separated. From captures: any column of docs/features.md (the"
                    + " flows get the feature plugins and the host context those columns need); default: 17 columns"
                    + " of the connection's behaviour (packets, flags, state) and the 22 host context columns. From"
                    + " tables: default this project's 39 flow features when the tables have them, else every"
                    + " numeric column but the label and identity columns (addresses, ports, ids, timestamps).")
    List<String> featureColumns = new ArrayList<>();

    @Option(names = "--test", arity = "1..*", paramLabel = "PATH",
            description = "Flow tables to test on, instead of a seeded share of --flows.")
    List<Path> testFlows = new ArrayList<>();

    @Option(names = "--benign", arity = "1..*", paramLabel = "PATH", description = "Captures of benign traffic.")
    List<Path> benign = new ArrayList<>();

    @Option(names = "--malicious", arity = "1..*", paramLabel = "PATH", description = "Captures of malicious traffic.")
    List<Path> malicious = new ArrayList<>();

    @Option(names = "--captures", arity = "1..*", paramLabel = "PATH",
            description = "Captures whose flows take the labels of --labels FILE (rules of address, port, protocol and"
                    + " time; docs/labels.md), instead of --benign and --malicious.")
    List<Path> captures = new ArrayList<>();

    @Mixin LabelOptions labels;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the model and report.")
    Path output;

    @Option(names = "--model-type", paramLabel = "TYPE",
            description = "logistic or xgboost. Default: logistic for captures, xgboost for flow tables: each scored"
                    + " better in our evaluation of its kind of input (docs/training.md).")
    String modelType;

    @Option(names = "--feature-transform", paramLabel = "HOW", defaultValue = "none",
            description = "none: the feature values as they are; log: each value x becomes sign(x)*ln(1+|x|) before"
                    + " scaling. Default: ${DEFAULT-VALUE}, which carried over better to unseen captures (docs/training.md).")
    String featureTransform;

    @Option(names = "--target-fpr", paramLabel = "RATE", defaultValue = "0.01",
            description = "The threshold is the lowest at which the share of benign calibration flows flagged is"
                    + " at most this with 95% confidence (Wilson bound). Default: ${DEFAULT-VALUE}.")
    double targetFpr;

    @Option(names = "--threshold", paramLabel = "P", description = "Use this decision threshold instead.")
    Double threshold;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.3",
            description = "Share of rows (or of capture files per label) held out for testing. Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(names = "--calibration-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of the remaining rows (or files) held out to choose the threshold. Default: ${DEFAULT-VALUE}.")
    double calibrationFraction;

    @Option(names = "--evaluation", paramLabel = "HOW",
            description = "grouped: leave one group out (--group-by): a model fitted without each group scores it,"
                    + " and the pooled scores give the metrics and the threshold; the model written is fitted on"
                    + " everything. split: one seeded split into training, calibration and test flows. Default:"
                    + " grouped for captures, split for flow tables.")
    String evaluation;

    @Option(names = "--group-by", paramLabel = "WHAT", defaultValue = "capture",
            description = "The groups of a grouped evaluation: capture (each capture file) or family (each attack"
                    + " family, with the benign flows of its captures). Default: ${DEFAULT-VALUE}.")
    String groupBy;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "200",
            description = "XGBoost boosting rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--regularization", paramLabel = "L2", defaultValue = "1e-4",
            description = "The logistic model's L2 regularization strength. Default: ${DEFAULT-VALUE}.")
    double regularization;

    @Option(names = "--parallelism", paramLabel = "N", description = "Parallel subtasks. Default: the number of cores.")
    Integer parallelism;

    /** Captures: when flows end, as bin/flowmeter takes it. */
    @Mixin FlowTimeoutOptions flowTimeouts;

    @Option(names = "--overwrite", description = "Replace a model already in DIR.")
    boolean overwrite;

    private final PrintStream out;
    private final PrintStream err;

    TrainCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        CommandLines.exit(run(System.out, System.err, args));
    }

    /** Runs the command line ({@code calibrate ...} runs {@link CalibrateCli}) and returns its exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length > 0 && args[0].equals("calibrate")) {
            return CommandLines.execute(new CalibrateCli(out, err), out, err,
                    java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return CommandLines.execute(new TrainCli(out, err), out, err, args);
    }

    @Override
    public Integer call() throws Exception {
        ModelType type = modelType();
        GroundTruth truth = labels.groundTruth(new Usage(spec));
        checkArguments(truth);
        FlowSettings captureSettings = flowTimeouts.settings(new Usage(spec), 0);
        prepareOutput();
        long start = System.nanoTime();

        StreamExecutionEnvironment env = JobEnvironments.create(parallelism);
        if (JobEnvironments.isDetachedSubmission(env)) {
            throw usage("the training job reads its evaluation back from the cluster to choose the threshold and"
                    + " write the report: submit it attached (flink run without -d)");
        }
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        SeededSplit split = new SeededSplit(seed, testFraction, calibrationFraction);
        boolean grouped = evaluation == null ? flows.isEmpty() : evaluation.equals("grouped");
        ModelManifest manifest = new ModelManifest();
        List<String> features;
        DataStream<Row> rows;
        boolean hasBytes;
        try {
            if (!flows.isEmpty()) {
                FlowTableInput tables = FlowTableInput.open(flows, labelColumn, benignValue, featureColumns);
                features = tables.featureColumns();
                hasBytes = tables.hasBytes();
                rows = tables.rows(env, split, false, testFlows.isEmpty());
                describe(manifest, tables.files(), "flow table, train");
                if (!testFlows.isEmpty()) {
                    FlowTableInput test = FlowTableInput.open(testFlows, labelColumn, benignValue, features);
                    rows = rows.union(test.rows(env, split, true, false));
                    describe(manifest, test.files(), "flow table, test");
                }
            } else {
                CaptureInput captures = truth == null ? CaptureInput.of(benign, malicious)
                        : CaptureInput.labelled(this.captures, truth);
                if (!grouped) {
                    captures.split(split);
                }
                features = featureColumns.isEmpty() ? CaptureInput.DEFAULT_FEATURES : featureColumns;
                hasBytes = true;
                // the flows of the captures carry whatever plugins the chosen columns need
                FlowSettings settings = captureSettings.withExtraColumns(features);
                rows = captures.rows(env, settings, Duration.ofSeconds(1), features);
                for (Map.Entry<Path, String> capture : captures.describe().entrySet()) {
                    manifest.trainingInputs.add(new ModelManifest.Input(capture.getKey().toString(),
                            "capture, " + capture.getValue(), Sha256.of(capture.getKey())));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        Path pipeline = output.resolve(manifest.pipeline);
        Map<String, Object> accumulators = new HashMap<>();
        Evaluation result;
        try {
            Evaluator evaluator = new Evaluator();
            result = grouped ? evaluator.grouped(env, tEnv, rows, features, type, pipeline, accumulators, hasBytes)
                    : evaluator.split(tEnv, rows, features, type, pipeline, accumulators, hasBytes);
        } catch (IllegalArgumentException e) {
            err.println("flowmeter-train: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("flowmeter-train: training failed: " + JobFailures.causeChain(e));
            return 1;
        }
        if (result == null) {
            return 1;
        }
        List<EvaluatedFlow> test = result.test;
        BinaryMetrics testMetrics = result.metrics;
        double chosen = result.threshold;
        manifest.thresholdChosenBy = result.thresholdChosenBy;
        Map<String, Object> metrics = testMetrics.at(chosen);
        metrics.put("evaluation", result.description);
        metrics.put("calibrationFlows", (long) result.calibrationFlows);
        metrics.put("recallAtTargetFpr", testMetrics.operatingPoint(targetFpr));
        for (double fpr : FIXED_FALSE_POSITIVE_RATES) {
            metrics.put("recallAtFpr" + fpr, testMetrics.recallAtFalsePositiveRate(fpr, BOOTSTRAP_RESAMPLES, seed));
        }
        metrics.put("modelType", type.label());
        if (result.groups != null) {
            metrics.putAll(result.groups.hostRecall(chosen));
            metrics.put("maliciousCapturesWithoutFlaggedHost", result.groups.capturesWithoutFlaggedHost(chosen));
            metrics.put("groups", result.groups.byGroup(chosen));
            metrics.put("families", result.groups.byFamily(chosen));
        }

        manifest.modelType = type.label();
        manifest.createdAt = Instant.now().toString();
        manifest.featureColumns = features;
        manifest.threshold = chosen;
        manifest.metrics = metrics;
        ScalerModelData scaler = SavedPipeline.scaler(pipeline);
        manifest.scaler = new ModelManifest.Scaler();
        for (int i = 0; i < features.size(); i++) {
            manifest.scaler.mean.add(scaler.mean.values[i]);
            manifest.scaler.std.add(scaler.std.values[i]);
        }
        double[] importance = importance(type, pipeline, features.size(), manifest);
        manifest.write(output);
        ModelManifest.json().writeValue(output.resolve("metrics.json").toFile(), metrics);
        writeReport(type, testMetrics, metrics, test, features, importance, manifest);

        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "flowmeter-train: %s model written to %s in %.1f s%n", type.label(), output, seconds);
        if (truth != null) {
            long unlabelled = count(accumulators, GroundTruth.UNLABELLED_FLOWS);
            out.printf(Locale.ROOT, "  labels %,d malicious, %,d benign; %,d flows matched no rule of %s%s%n",
                    count(accumulators, GroundTruth.MALICIOUS_FLOWS), count(accumulators, GroundTruth.BENIGN_FLOWS),
                    unlabelled, truth.rules().file(), unlabelled == 0 ? ""
                            : truth.unlabelled() == GroundTruth.Unlabelled.DROP ? " (left out: --unlabelled drop)"
                            : " (labelled benign)");
        }
        if (result.groups != null) {
            out.printf(Locale.ROOT, "  %s: %d flows (%d malicious) scored by models that never saw their %s%n",
                    result.description, test.size(), testMetrics.positives(), result.groups.groupBy().label());
        } else {
            out.printf(Locale.ROOT, "  test flows %d (%d malicious), calibration flows %d%n", test.size(),
                    testMetrics.positives(), result.calibrationFlows);
        }
        out.printf(Locale.ROOT, "  ROC-AUC %.4f  PR-AUC %.4f  threshold %.6f%n", metrics.get("rocAuc"),
                metrics.get("prAuc"), chosen);
        out.printf(Locale.ROOT, "  precision %.4f  recall %.4f  false-positive rate %.4f  F1 %.4f%n",
                metrics.get("precision"), metrics.get("recall"), metrics.get("falsePositiveRate"), metrics.get("f1"));
        @SuppressWarnings("unchecked")
        Map<String, Object> point = (Map<String, Object>) metrics.get("recallAtTargetFpr");
        out.printf(Locale.ROOT, "  on the test ROC curve: recall %.4f at false-positive rate %.4f (target %s)%n",
                point.get("recall"), point.get("falsePositiveRate"), targetFpr);
        for (double fpr : FIXED_FALSE_POSITIVE_RATES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fixed = (Map<String, Object>) metrics.get("recallAtFpr" + fpr);
            out.printf(Locale.ROOT, "  recall at false-positive rate %s: %.4f%s%n", fpr, fixed.get("recall"),
                    fixed.containsKey("recallLow95") ? String.format(Locale.ROOT, " (95%% bootstrap interval %.4f to"
                            + " %.4f)", fixed.get("recallLow95"), fixed.get("recallHigh95")) : "");
        }
        out.printf(Locale.ROOT, "  flagged: %.2f%% of flows%s%n", 100 * (Double) metrics.get("flaggedFlowShare"),
                metrics.containsKey("flaggedByteShare")
                        ? String.format(Locale.ROOT, ", %.2f%% of bytes", 100 * (Double) metrics.get("flaggedByteShare")) : "");
        if (result.groups != null) {
            out.printf(Locale.ROOT, "  hosts caught: %d of %d (%.4f)%n", metrics.get("caughtHosts"),
                    metrics.get("maliciousHosts"), metrics.get("hostRecall"));
            for (Map<String, Object> family : result.groups.byFamily(chosen)) {
                out.printf(Locale.ROOT, "  family %-18s recall %.4f (%d of %d flows), hosts %d of %d%n",
                        family.get("family"), family.get("recall"), family.get("flaggedMalicious"),
                        family.get("maliciousFlows"), family.get("caughtHosts"), family.get("maliciousHosts"));
            }
            List<String> missed = result.groups.capturesWithoutFlaggedHost(chosen);
            out.println("  malicious captures without a flagged host: " + (missed.isEmpty() ? "none" : missed));
        }
        out.println("  report: " + output.resolve("report.html"));
        return 0;
    }

    /** What an evaluation gives the rest of the run: scored flows, their metrics and the chosen threshold. */
    private static final class Evaluation {
        String description;
        List<EvaluatedFlow> test;
        BinaryMetrics metrics;
        double threshold;
        String thresholdChosenBy;
        int calibrationFlows;
        GroupedEvaluation groups;
    }

    /**
     * The two evaluations. A class of its own, because picocli reflects on this command's methods, and a method
     * that names Table API types would need them on every classpath that parses the command line (the Kubernetes
     * manifests' check has no Table API).
     */
    private final class Evaluator {

        /** One execution fits the pipeline on the training side and scores the calibration and test sides. */
        Evaluation split(StreamTableEnvironment tEnv, DataStream<Row> rows, List<String> features, ModelType type,
                Path pipeline, Map<String, Object> accumulators, boolean hasBytes) throws Exception {
            err.printf(Locale.ROOT, "flowmeter-train: training %s on %d features...%n", type.label(), features.size());
            List<EvaluatedFlow> evaluated = TrainingRun.run(tEnv, rows, features, type, settings(type), pipeline,
                    accumulators);
            // they come back in any order; the bootstrap resamples by position
            evaluated.sort(Comparator.comparingInt((EvaluatedFlow f) -> f.split)
                    .thenComparing((a, b) -> java.util.Arrays.compare(a.features, b.features))
                    .thenComparing(f -> f.malicious).thenComparingDouble(f -> f.probability)
                    .thenComparingDouble(f -> f.bytes));
            List<EvaluatedFlow> calibration = evaluated.stream().filter(f -> f.split == TrainingRows.CALIBRATION)
                    .collect(Collectors.toList());
            Evaluation e = new Evaluation();
            e.description = "split";
            e.test = evaluated.stream().filter(f -> f.split == TrainingRows.TEST).collect(Collectors.toList());
            if (e.test.isEmpty()) {
                err.println("flowmeter-train: no flows fell on the test side; give more inputs or a larger --test-fraction");
                return null;
            }
            e.metrics = metricsOf(e.test, hasBytes);
            e.calibrationFlows = calibration.size();
            if (threshold != null) {
                e.threshold = threshold;
                e.thresholdChosenBy = "--threshold";
            } else if (!calibration.isEmpty() && calibration.stream().anyMatch(f -> !f.malicious)) {
                e.threshold = metricsOf(calibration, hasBytes).thresholdForFalsePositiveBound(targetFpr);
                e.thresholdChosenBy = String.format(Locale.ROOT, "false-positive rate at most %s with 95%% confidence"
                        + " on %d calibration flows", targetFpr, calibration.size());
            } else {
                e.threshold = e.metrics.thresholdForFalsePositiveBound(targetFpr);
                e.thresholdChosenBy = String.format(Locale.ROOT, "false-positive rate at most %s with 95%% confidence"
                        + " on the test flows (no benign calibration flows)", targetFpr);
            }
            return e;
        }

        /**
         * Reads every flow once, evaluates leave one group out in memory ({@link GroupedEvaluation}), then fits the
         * pipeline on all flows in a second execution and chooses the threshold on the pooled out-of-group benign scores.
         */
        Evaluation grouped(StreamExecutionEnvironment env, StreamTableEnvironment tEnv, DataStream<Row> rows,
                List<String> features, ModelType type, Path pipeline, Map<String, Object> accumulators,
                boolean hasBytes) throws Exception {
            GroupedEvaluation.GroupBy by = groupBy();
            List<Row> all = new ArrayList<>();
            err.println("flowmeter-train: reading the flows...");
            try (CloseableIterator<Row> it = rows.collectAsync()) {
                JobClient job = env.executeAsync("FlowMeter training: flows");
                it.forEachRemaining(all::add);
                accumulators.putAll(job.getJobExecutionResult().get().getAllAccumulatorResults());
            }
            int n = features.size();
            // rows come back in any order; the bootstrap resamples by position
            all.sort(Comparator.comparing((Row r) -> (String) r.getField(TrainingRows.SOURCE))
                    .thenComparing((a, b) -> java.util.Arrays.compare(values(a, n), values(b, n)))
                    .thenComparing(r -> (Double) r.getField(TrainingRows.LABEL))
                    .thenComparing(r -> (String) r.getField(TrainingRows.HOST))
                    .thenComparing(r -> (String) r.getField(TrainingRows.FAMILY)));
            List<GroupedEvaluation.Example> examples = new ArrayList<>(all.size());
            for (Row r : all) {
                examples.add(new GroupedEvaluation.Example(values(r, n), (Double) r.getField(TrainingRows.LABEL) > 0.5,
                        (Double) r.getField(TrainingRows.BYTES), (String) r.getField(TrainingRows.SOURCE),
                        (String) r.getField(TrainingRows.FAMILY), (String) r.getField(TrainingRows.HOST)));
            }
            err.printf(Locale.ROOT, "flowmeter-train: leave-one-%s-out evaluation of %s on %d features, %,d flows...%n",
                    by.label(), type.label(), n, examples.size());
            GroupedEvaluation groups = GroupedEvaluation.run(examples, by, settings(type), err);
            err.printf(Locale.ROOT, "flowmeter-train: training %s on all %,d flows...%n", type.label(), examples.size());
            TrainingRun.run(tEnv, env.fromCollection(all, rows.getType()).name("all flows"), features, type,
                    settings(type), pipeline, new HashMap<>());
            groups.writeScores(output.resolve("evaluation-scores.csv"));
            Evaluation e = new Evaluation();
            e.description = "leave-one-" + by.label() + "-out";
            e.groups = groups;
            e.metrics = groups.pooled();
            double[] scores = groups.scores();
            e.test = new ArrayList<>(examples.size());
            for (int i = 0; i < examples.size(); i++) {
                EvaluatedFlow flow = new EvaluatedFlow();
                flow.split = TrainingRows.TEST;
                flow.malicious = examples.get(i).malicious();
                flow.bytes = hasBytes ? (Double) all.get(i).getField(TrainingRows.BYTES) : 0;
                flow.probability = scores[i];
                flow.features = values(all.get(i), n);
                e.test.add(flow);
            }
            if (threshold != null) {
                e.threshold = threshold;
                e.thresholdChosenBy = "--threshold";
            } else {
                e.threshold = e.metrics.thresholdForFalsePositiveBound(targetFpr);
                e.thresholdChosenBy = String.format(Locale.ROOT, "false-positive rate at most %s with 95%% confidence on"
                        + " the %d benign flows scored out of group (leave-one-%s-out)", targetFpr, e.metrics.negatives(),
                        by.label());
            }
            return e;
        }
    }

    private static double[] values(Row row, int features) {
        double[] v = new double[features];
        for (int i = 0; i < features; i++) {
            v[i] = (Double) row.getField(i);
        }
        return v;
    }

    private ClassifierSettings settings(ModelType type) {
        return new ClassifierSettings(type == ModelType.LOGISTIC, rounds, regularization, featureTransform.equals("log"));
    }

    private GroupedEvaluation.GroupBy groupBy() {
        try {
            return GroupedEvaluation.GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--group-by must be capture or family, got " + groupBy);
        }
    }

    private ModelType modelType() {
        if (modelType == null) {
            return flows.isEmpty() ? ModelType.LOGISTIC : ModelType.XGBOOST;
        }
        try {
            return ModelType.valueOf(modelType.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--model-type must be logistic or xgboost, got " + modelType);
        }
    }

    private void checkArguments(GroundTruth truth) {
        boolean tables = !flows.isEmpty();
        boolean byInput = !benign.isEmpty() || !malicious.isEmpty();
        boolean byRules = !this.captures.isEmpty();
        if ((tables ? 1 : 0) + (byInput ? 1 : 0) + (byRules ? 1 : 0) != 1) {
            throw usage("give either --flows (labelled flow tables), --benign and --malicious (captures labelled by"
                    + " input) or --captures with --labels (captures labelled by rules)");
        }
        if (byRules != (truth != null)) {
            throw usage(byRules ? "--captures needs --labels FILE" : "--labels goes with --captures");
        }
        boolean captures = byInput || byRules;
        if (tables && labelColumn == null) {
            throw usage("--flows needs --label-column NAME");
        }
        if (byInput && (benign.isEmpty() || malicious.isEmpty())) {
            throw usage("captures need both --benign and --malicious inputs");
        }
        if (!featureTransform.equals("log") && !featureTransform.equals("none")) {
            throw usage("--feature-transform must be log or none, got " + featureTransform);
        }
        if (evaluation != null && !evaluation.equals("grouped") && !evaluation.equals("split")) {
            throw usage("--evaluation must be grouped or split, got " + evaluation);
        }
        if ("grouped".equals(evaluation) && !testFlows.isEmpty()) {
            throw usage("--test gives the test side of a split evaluation; a grouped evaluation tests every group");
        }
        if (usageGiven("--group-by") && "split".equals(evaluation) || usageGiven("--group-by") && evaluation == null
                && tables) {
            throw usage("--group-by goes with a grouped evaluation (--evaluation grouped)");
        }
        if (captures && !testFlows.isEmpty()) {
            throw usage("--test takes flow tables; with captures, the test side is a seeded share of the files");
        }
        for (Path input : Stream.of(flows, testFlows, benign, malicious, this.captures).flatMap(List::stream)
                .collect(Collectors.toList())) {
            if (!Files.exists(input)) {
                throw usage(input + ": input not found");
            }
        }
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw usage("--target-fpr must be between 0 and 1, got " + targetFpr);
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw usage("--threshold must be between 0 and 1, got " + threshold);
        }
        if (!(testFraction > 0 && testFraction < 1) || !(calibrationFraction >= 0 && calibrationFraction < 1)) {
            throw usage("--test-fraction must be in (0, 1) and --calibration-fraction in [0, 1)");
        }
        if (rounds < 1 || (parallelism != null && parallelism < 1)) {
            throw usage("--rounds and --parallelism must be positive");
        }
    }

    private void prepareOutput() throws IOException {
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw usage("--output " + output + " is a file, not a directory");
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw usage("cannot create --output directory " + output + ": " + e.getMessage());
        }
        if (!Files.isWritable(output)) {
            throw usage("--output directory " + output + " is not writable");
        }
        Path pipeline = output.resolve("pipeline");
        if (Files.exists(output.resolve(ModelManifest.FILE)) || Files.exists(pipeline)) {
            if (!overwrite) {
                throw usage("--output " + output + " already holds a model; choose another directory or add --overwrite");
            }
            Files.deleteIfExists(output.resolve(ModelManifest.FILE));
            if (Files.exists(pipeline)) {
                try (Stream<Path> walk = Files.walk(pipeline)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static long count(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    private static void describe(ModelManifest manifest, List<Path> inputs, String role) throws IOException {
        for (Path input : inputs) {
            manifest.trainingInputs.add(new ModelManifest.Input(input.toAbsolutePath().toString(), role,
                    Files.isRegularFile(input) ? Sha256.of(input) : null));
        }
    }

    private static BinaryMetrics metricsOf(List<EvaluatedFlow> flows, boolean hasBytes) {
        double[] scores = new double[flows.size()];
        boolean[] labels = new boolean[flows.size()];
        double[] bytes = hasBytes ? new double[flows.size()] : null;
        for (int i = 0; i < flows.size(); i++) {
            scores[i] = flows.get(i).probability;
            labels[i] = flows.get(i).malicious;
            if (bytes != null) {
                bytes[i] = flows.get(i).bytes;
            }
        }
        return new BinaryMetrics(scores, labels, bytes);
    }

    /** Feature importance: |coefficient| of the standardized features, or XGBoost's total gain. */
    private static double[] importance(ModelType type, Path pipeline, int features, ModelManifest manifest)
            throws Exception {
        double[] importance = new double[features];
        if (type == ModelType.LOGISTIC) {
            double[] coefficients = SavedPipeline.logisticCoefficients(pipeline);
            manifest.coefficients = new ArrayList<>();
            for (double c : coefficients) {
                manifest.coefficients.add(c);
            }
            for (int i = 0; i < features; i++) {
                importance[i] = Math.abs(coefficients[i]);
            }
        } else {
            Booster booster = SavedPipeline.booster(pipeline);
            Map<String, Double> gain = booster.getScore("", "total_gain");
            gain.forEach((name, value) -> {
                int index = Integer.parseInt(name.substring(1));
                if (index < features) {
                    importance[index] = value;
                }
            });
            booster.dispose();
        }
        return importance;
    }

    private void writeReport(ModelType type, BinaryMetrics testMetrics, Map<String, Object> metrics,
            List<EvaluatedFlow> test, List<String> features, double[] importance, ModelManifest manifest)
            throws IOException {
        TrainingReport report = new TrainingReport(output).roc(testMetrics).rocLogScale(testMetrics)
                .precisionRecall(testMetrics).reliability(testMetrics).confusion(metrics);
        if (metrics.get("families") instanceof List) {
            report.table("Per attack family, at the threshold", listOfRows(metrics.get("families")));
            report.table("Per " + (metrics.get("evaluation").toString().contains("family") ? "family fold" : "capture")
                    + ", scored by the model that never saw it", listOfRows(metrics.get("groups")));
        }
        List<Integer> ranked = IntStream.range(0, features.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -importance[i])).limit(6).collect(Collectors.toList());
        int rank = 1;
        for (int index : ranked) {
            report.profile(features.get(index),
                    test.stream().filter(f -> !f.malicious).mapToDouble(f -> f.features[index]).toArray(),
                    test.stream().filter(f -> f.malicious).mapToDouble(f -> f.features[index]).toArray(), rank++);
        }
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("model", type.label());
        summary.put("features", String.join(", ", features));
        summary.put("most important", ranked.stream().map(features::get).collect(Collectors.joining(", ")));
        summary.put("threshold", manifest.threshold + " (" + manifest.thresholdChosenBy + ")");
        summary.put("inputs", manifest.trainingInputs.size() + " (listed in model.json with their sha256)");
        summary.put("created", manifest.createdAt);
        report.html("FlowMeter model report", summary, metrics);
    }

    private boolean usageGiven(String option) {
        return new Usage(spec).given(option);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfRows(Object rows) {
        return (List<Map<String, Object>>) rows;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
